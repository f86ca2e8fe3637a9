package io.shelfwise.adapters.sql;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.AppendOutcome;
import io.shelfwise.metering.UsageMetric;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.events.port.out.EventStore;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Shopper events in {@code events} and {@code event_items}. A batch, its dedupe and the usage counter are one
 * transaction, committed before {@link #appendNew} returns; batches that arrive while another is being written
 * share the next transaction ({@link GroupCommit}), so concurrent requests pay for one commit, one dedupe query per
 * tenant and one usage update between them.
 */
public final class JdbiEventStore implements EventStore {
    /** Shoppers per batched read of recent events. */
    private static final int MANY_CHUNK = 100;
    private static final java.util.Comparator<StoredEvent> NEWEST_FIRST = java.util.Comparator
            .comparing((StoredEvent e) -> e.event().occurredAt()).thenComparing(e -> e.event().eventId()).reversed();
    static final String EVENTS_METRIC = UsageMetric.EVENTS_ACCEPTED.key();

    /** Ids per dedupe query on H2 (row values). */
    private static final int KNOWN_CHUNK = 500;
    /** At most this many batches, and events, share one transaction. */
    private static final int GROUP_BATCHES = 64;
    private static final int GROUP_EVENTS = 20_000;
    /** Groups written at once, each on its own connection: their inserts overlap, one on each of two cores. */
    private static final int WRITERS = Integer.getInteger("shelfwise.events.writers", 2);

    /** PostgreSQL: rows this process writes between two ANALYZEs of the event tables it starts itself. */
    static final long ANALYZE_EVERY = 200_000;

    private final SqlDatabase db;
    private final GroupCommit<Append, AppendOutcome> groups;
    private final long analyzeEvery;
    private final java.util.concurrent.atomic.AtomicLong sinceAnalyze = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean analyzing = new java.util.concurrent.atomic.AtomicBoolean();

    public JdbiEventStore(SqlDatabase db) {
        this(db, ANALYZE_EVERY);
    }

    JdbiEventStore(SqlDatabase db, long analyzeEvery) {
        this.db = db;
        this.analyzeEvery = analyzeEvery;
        this.groups = new GroupCommit<>(this::writeGroup, a -> a.events().size(), GROUP_BATCHES, GROUP_EVENTS,
                WRITERS);
    }

    @Override
    public AppendOutcome appendNew(TenantId tenant, List<ShopperEvent> events, Instant receivedAt, YearMonth month,
                                   long monthlyQuota) {
        return groups.submit(new Append(tenant, events, receivedAt, month, monthlyQuota));
    }

    /** One caller's batch, as {@link #appendNew} received it. */
    private record Append(TenantId tenant, List<ShopperEvent> events, Instant receivedAt, YearMonth month,
                          long monthlyQuota) {
    }

    /**
     * One transaction for a group of batches (of any tenants), in their order: each batch's new events are those
     * neither stored before nor in an earlier batch of the group. One dedupe query per tenant, one insert for all
     * rows, then the quota: each tenant's usage row is locked ({@code FOR UPDATE}, in a fixed order, after the
     * insert so that concurrent groups overlap in their inserts and wait only for each other's commit) and read as
     * committed, and updated once. A batch that would take its tenant's month past the quota rolls the transaction
     * back: alone, it stores nothing ({@link AppendOutcome.OverQuota}); in a group, the group's batches are
     * written again one by one ({@link GroupCommit}), so the quota is exact whatever the grouping.
     */
    private List<AppendOutcome> writeGroup(List<Append> group) {
        List<AppendOutcome> outcomes = writeGroupOnce(group);
        if (!db.isH2()) {
            long stored = outcomes.stream()
                    .mapToLong(o -> o instanceof AppendOutcome.Stored s ? s.fresh() : 0).sum();
            analyzeWhenGrown(stored);
        }
        return outcomes;
    }

    /**
     * PostgreSQL plans from statistics that autovacuum refreshes about once a minute; at tens of thousands of events
     * a second a new tenant's rows outgrow them in seconds, and a scan of its history planned as for a few rows
     * (a nested loop over {@code event_items}) ran for over 16 minutes on 500k events. So every
     * {@code analyzeEvery} rows written here, one ANALYZE of the two tables runs in the background (a sample:
     * a fraction of a second), never on the write path.
     */
    private void analyzeWhenGrown(long stored) {
        if (stored == 0 || sinceAnalyze.addAndGet(stored) < analyzeEvery || !analyzing.compareAndSet(false, true)) {
            return;
        }
        sinceAnalyze.set(0);
        Thread.ofVirtual().name("shelfwise-events-analyze").start(() -> {
            try {
                db.jdbi().useHandle(h -> h.execute("ANALYZE events, event_items"));
            } catch (RuntimeException e) {
                System.getLogger(JdbiEventStore.class.getName()).log(System.Logger.Level.WARNING,
                        "event=events_analyze_failed", e);
            } finally {
                analyzing.set(false);
            }
        });
    }

    private List<AppendOutcome> writeGroupOnce(List<Append> group) {
        try {
            return db.inTransaction(h -> {
                Map<TenantId, Set<String>> stored = new HashMap<>();
                Map<TenantId, List<String>> idsByTenant = new LinkedHashMap<>();
                for (Append a : group) {
                    List<String> ids = idsByTenant.computeIfAbsent(a.tenant(), t -> new ArrayList<>());
                    a.events().forEach(e -> ids.add(e.eventId()));
                }
                idsByTenant.forEach((tenant, ids) -> stored.put(tenant, knownIds(h, tenant, ids)));
                List<Append> fresh = new ArrayList<>(group.size());
                for (Append a : group) {
                    Set<String> known = stored.get(a.tenant());
                    Map<String, ShopperEvent> byId = new LinkedHashMap<>();
                    a.events().forEach(e -> {
                        if (!known.contains(e.eventId())) {
                            byId.putIfAbsent(e.eventId(), e);
                        }
                    });
                    known.addAll(byId.keySet());
                    fresh.add(new Append(a.tenant(), List.copyOf(byId.values()), a.receivedAt(), a.month(),
                            a.monthlyQuota()));
                }
                List<Append> rows = fresh.stream().filter(a -> !a.events().isEmpty()).toList();
                if (rows.isEmpty()) {
                    return fresh.stream().map(a -> (AppendOutcome) new AppendOutcome.Stored(List.of())).toList();
                }
                // In key order, so that two groups holding some of the same new ids (a client's retry while its
                // first try is being written) wait for each other in one direction instead of deadlocking.
                List<NewRow> sorted = new ArrayList<>();
                rows.forEach(a -> a.events().forEach(e -> sorted.add(new NewRow(a.tenant().value(), a.receivedAt(), e))));
                sorted.sort(KEY_ORDER);
                if (db.isH2()) {
                    insert(h, sorted);
                } else {
                    copy(h, sorted);
                }
                Map<Counter, Long> used = new java.util.TreeMap<>();
                rows.forEach(a -> used.put(new Counter(a.tenant().value(), a.month().toString()), 0L));
                used.replaceAll((counter, zero) -> Usage.getForUpdate(h, counter.tenant(), counter.period(),
                        EVENTS_METRIC));
                Map<Counter, Long> added = new LinkedHashMap<>();
                List<AppendOutcome> outcomes = new ArrayList<>(group.size());
                boolean refused = false;
                for (Append a : fresh) {
                    int count = a.events().size();
                    if (count == 0) {
                        outcomes.add(new AppendOutcome.Stored(List.of()));
                        continue;
                    }
                    Counter counter = new Counter(a.tenant().value(), a.month().toString());
                    long before = used.get(counter);
                    if (before + count > a.monthlyQuota()) {
                        outcomes.add(new AppendOutcome.OverQuota(before, count));
                        refused = true;
                        continue;
                    }
                    used.put(counter, before + count);
                    added.merge(counter, (long) count, Long::sum);
                    outcomes.add(new AppendOutcome.Stored(a.events()));
                }
                if (refused) {
                    throw new OverQuotaRollback(outcomes);
                }
                added.forEach((counter, amount) -> Usage.add(h, counter.tenant(), counter.period(), EVENTS_METRIC,
                        amount));
                return outcomes;
            });
        } catch (OverQuotaRollback rollback) {
            if (group.size() > 1) {
                throw rollback;
            }
            return rollback.outcomes;
        }
    }

    private static final java.util.Comparator<NewRow> KEY_ORDER = java.util.Comparator.comparing(NewRow::tenant)
            .thenComparing(r -> r.event().eventId());

    /** An event to insert, with its tenant and the time its batch was received. */
    private record NewRow(String tenant, Instant receivedAt, ShopperEvent event) {
    }

    /** A usage counter's key; ordered, so that concurrent groups lock counters in the same order. */
    private record Counter(String tenant, String period) implements Comparable<Counter> {
        @Override
        public int compareTo(Counter other) {
            int byTenant = tenant.compareTo(other.tenant);
            return byTenant != 0 ? byTenant : period.compareTo(other.period);
        }
    }

    /** Rolls a group's transaction back because a batch would exceed its quota; carries the outcomes. */
    private static final class OverQuotaRollback extends RuntimeException {
        private final transient List<AppendOutcome> outcomes;

        OverQuotaRollback(List<AppendOutcome> outcomes) {
            super("a batch of the group is over its tenant's quota", null, false, false);
            this.outcomes = outcomes;
        }
    }

    /**
     * Which of {@code ids} the tenant has stored. PostgreSQL answers one {@code = ANY(array)} from the primary key
     * (a list of 500 row values took it ~100 ms to plan and run); H2 uses that key only for row values, in chunks.
     */
    private Set<String> knownIds(Handle h, TenantId tenant, List<String> ids) {
        Set<String> known = new HashSet<>();
        if (!db.isH2()) {
            // Planned for these ids each time: the generic plan PostgreSQL caches for a prepared statement after
            // five runs, made while the table was still small, scanned the whole table (~1 s per group at 1M rows).
            h.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            h.createQuery("SELECT event_id FROM events WHERE tenant_id = :tenant AND event_id = ANY(:ids)")
                    .bind("tenant", tenant.value()).bindArray("ids", String.class, ids)
                    .mapTo(String.class).forEach(known::add);
            return known;
        }
        for (int from = 0; from < ids.size(); from += KNOWN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + KNOWN_CHUNK));
            SqlDatabase.bindKeys(h.createQuery("SELECT event_id FROM events WHERE "
                            + SqlDatabase.tenantKeyIn("event_id", chunk.size())), tenant.value(), chunk)
                    .mapTo(String.class).forEach(known::add);
        }
        return known;
    }

    private static void insert(Handle h, List<NewRow> newRows) {
        PreparedBatch rows = h.prepareBatch("INSERT INTO events (tenant_id, event_id, event_type, shopper_key, "
                + "user_id, anonymous_id, quantity, price, currency, search_query, recommendation_id, occurred_at, "
                + "received_at, coupon_code) VALUES (:tenant, :id, :type, :shopper, :user, :anon, :quantity, :price, "
                + ":currency, :query, :rec, :occurred, :received, :coupon)");
        PreparedBatch items = h.prepareBatch("INSERT INTO event_items (tenant_id, event_id, item_position, item_id, "
                + "event_type, occurred_day) VALUES (:tenant, :id, :position, :item, :type, :day)");
        for (NewRow row : newRows) {
            String tenant = row.tenant();
            OffsetDateTime received = SqlDatabase.utc(row.receivedAt());
            ShopperEvent e = row.event();
            rows.bind("tenant", tenant)
                    .bind("id", e.eventId())
                    .bind("type", e.type().name())
                    .bind("shopper", e.shopperKey())
                    .bind("user", e.userId())
                    .bind("anon", e.anonymousId())
                    .bind("quantity", e.quantity())
                    .bind("price", e.price())
                    .bind("currency", e.currency())
                    .bind("query", e.query())
                    .bind("rec", e.recommendationId())
                    .bind("occurred", SqlDatabase.utc(e.occurredAt()))
                    .bind("received", received)
                    .bind("coupon", e.couponCode())
                    .add();
            int day = (int) LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC).toEpochDay();
            for (int i = 0; i < e.itemIds().size(); i++) {
                items.bind("tenant", tenant)
                        .bind("id", e.eventId())
                        .bind("position", i)
                        .bind("item", e.itemIds().get(i).value())
                        .bind("type", e.type().name())
                        .bind("day", day)
                        .add();
            }
        }
        rows.execute();
        if (items.size() > 0) {
            items.execute();
        }
    }

    /**
     * PostgreSQL: the rows through {@code COPY ... FROM STDIN} (PgJDBC's {@code CopyManager}), in the transaction:
     * 24-35k events/s over HTTP where the same groups as multi-row INSERTs reached 16-17k. The ids were checked as new in this transaction; one
     * written meanwhile by another process makes COPY fail on the primary key and the transaction is retried.
     */
    private static void copy(Handle h, List<NewRow> newRows) {
        StringBuilder rows = new StringBuilder(256 * newRows.size());
        StringBuilder items = new StringBuilder(96 * newRows.size());
        for (NewRow row : newRows) {
            String tenant = row.tenant();
            String received = row.receivedAt().toString();
            ShopperEvent e = row.event();
            CsvRows.row(rows, tenant, e.eventId(), e.type().name(), e.shopperKey(), e.userId(), e.anonymousId(),
                    e.quantity(), e.price() == null ? null : e.price().toPlainString(), e.currency(), e.query(),
                    e.recommendationId(), e.occurredAt().toString(), received, e.couponCode());
            int day = (int) LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC).toEpochDay();
            for (int i = 0; i < e.itemIds().size(); i++) {
                CsvRows.row(items, tenant, e.eventId(), i, e.itemIds().get(i).value(), e.type().name(), day);
            }
        }
        CsvRows.copyIn(h, "events (tenant_id, event_id, event_type, shopper_key, user_id, anonymous_id, quantity, "
                + "price, currency, search_query, recommendation_id, occurred_at, received_at, coupon_code)", rows);
        if (!items.isEmpty()) {
            CsvRows.copyIn(h, "event_items (tenant_id, event_id, item_position, item_id, event_type, occurred_day)",
                    items);
        }
    }

    @Override
    public long acceptedIn(TenantId tenant, YearMonth month) {
        return db.jdbi().withHandle(h -> Usage.get(h, tenant, month, EVENTS_METRIC));
    }

    /**
     * One statement: the shopper's latest events (by the {@code events_by_shopper} index) joined with their items.
     * This runs on every recommendation for a shopper whose events are not cached, so one round trip, not two.
     */
    @Override
    public List<StoredEvent> recentOf(TenantId tenant, String shopperKey, int limit) {
        return db.jdbi().withHandle(h -> collect(h.createQuery("SELECT e.*, i.item_id FROM (SELECT * FROM events "
                        + "WHERE tenant_id = :tenant AND shopper_key = :shopper ORDER BY occurred_at DESC, "
                        + "event_id DESC LIMIT :limit) e LEFT JOIN event_items i ON i.tenant_id = e.tenant_id "
                        + "AND i.event_id = e.event_id ORDER BY e.occurred_at DESC, e.event_id DESC, i.item_position")
                .bind("tenant", tenant.value()).bind("shopper", shopperKey).bind("limit", limit)))
                .getOrDefault(shopperKey, List.of());
    }

    @Override
    public List<String> recentShoppers(TenantId tenant, int max) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT shopper_key FROM events WHERE tenant_id = :tenant "
                        + "GROUP BY shopper_key ORDER BY MAX(occurred_at) DESC, shopper_key LIMIT :max")
                .bind("tenant", tenant.value()).bind("max", max).mapTo(String.class).list());
    }

    @Override
    public Map<String, List<StoredEvent>> recentOfMany(TenantId tenant, Collection<String> shopperKeys, int limit) {
        Map<String, List<StoredEvent>> all = new HashMap<>();
        List<String> keys = new ArrayList<>(new java.util.LinkedHashSet<>(shopperKeys));
        db.jdbi().useHandle(h -> {
            for (int from = 0; from < keys.size(); from += MANY_CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + MANY_CHUNK));
                // One branch per shopper, each answered from the (tenant, shopper, time) index with its own limit
                // (H2 uses only the tenant column of that index for an IN list of row values or a window function).
                StringBuilder sql = new StringBuilder("SELECT e.*, i.item_id FROM (");
                for (int k = 0; k < chunk.size(); k++) {
                    sql.append(k == 0 ? "" : " UNION ALL ").append("(SELECT * FROM events WHERE tenant_id = :tenant "
                            + "AND shopper_key = :k").append(k).append(" ORDER BY occurred_at DESC, event_id DESC "
                            + "LIMIT :limit)");
                }
                sql.append(") e LEFT JOIN event_items i ON i.tenant_id = e.tenant_id AND i.event_id = e.event_id "
                        + "ORDER BY e.shopper_key, e.occurred_at DESC, e.event_id DESC, i.item_position");
                collect(SqlDatabase.bindKeys(h.createQuery(sql.toString()), tenant.value(), chunk).bind("limit", limit))
                        .forEach(all::put);
            }
        });
        for (String key : keys) {
            all.putIfAbsent(key, List.of());
        }
        return all;
    }

    /**
     * One pass over the tenant's log ({@link EventLogScan}): about 1M events in seconds, where looking 100k shoppers
     * up one by one took ~40 s on H2. Each shopper's newest {@code limit} events are kept as the rows stream by.
     */
    @Override
    public Map<String, List<StoredEvent>> recentOfEach(TenantId tenant, Set<String> shopperKeys, int limit) {
        Map<String, List<StoredEvent>> kept = new HashMap<>();
        EventLogScan.forEach(db, tenant, "event_id, shopper_key, event_type, user_id, anonymous_id, quantity, price, "
                        + "currency, search_query, recommendation_id, occurred_at, received_at, coupon_code",
                // By position, in the order of the columns above (a million rows per pass).
                (rs, ctx) -> {
                    String shopper = rs.getString(2);
                    if (!shopperKeys.contains(shopper)) {
                        // Not in the audience: only its id is needed, to skip its items.
                        return new Row(rs.getString(1), null, null, null, null, null, null, null, null,
                                null, null, null, null);
                    }
                    return new Row(rs.getString(1), shopper, rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6, Integer.class), SqlDatabase.decimal(rs, 7), rs.getString(8),
                            rs.getString(9), rs.getString(10), SqlDatabase.instant(rs, 11), SqlDatabase.instant(rs, 12),
                            rs.getString(13));
                },
                Row::eventId, row -> row.shopper() != null,
                (row, items) -> {
                    List<StoredEvent> list = kept.computeIfAbsent(row.shopper(), k -> new ArrayList<>());
                    list.add(new StoredEvent(new ShopperEvent(row.eventId(), EventType.valueOf(row.type()),
                            row.userId(), row.anonymousId(), items, row.quantity(), row.price(), row.currency(),
                            row.query(), row.recommendationId(), row.occurredAt(), row.coupon()), row.receivedAt()));
                    if (list.size() >= 2 * limit) {
                        newestFirst(list, limit);
                    }
                });
        Map<String, List<StoredEvent>> all = new HashMap<>();
        for (String key : shopperKeys) {
            List<StoredEvent> list = kept.get(key);
            if (list == null) {
                all.put(key, List.of());
            } else {
                newestFirst(list, limit);
                all.put(key, list);
            }
        }
        return all;
    }

    /** Sorts newest first, as {@link #recentOf} orders, and keeps the first {@code limit}. */
    private static void newestFirst(List<StoredEvent> events, int limit) {
        events.sort(NEWEST_FIRST);
        if (events.size() > limit) {
            events.subList(limit, events.size()).clear();
        }
    }

    /** An events row of the log scan; only {@code eventId} for a shopper outside the audience. */
    private record Row(String eventId, String shopper, String type, String userId, String anonymousId,
                       Integer quantity, java.math.BigDecimal price, String currency, String query,
                       String recommendationId, Instant occurredAt, Instant receivedAt, String coupon) {
    }

    /** Events by shopper key, in the order the rows came, each with its items in position order. */
    private static Map<String, List<StoredEvent>> collect(org.jdbi.v3.core.statement.Query query) {
        Map<String, ShopperEvent> events = new LinkedHashMap<>();
        Map<String, Instant> received = new HashMap<>();
        Map<String, String> shopperOf = new HashMap<>();
        Map<String, List<ItemId>> items = new HashMap<>();
        query.map((rs, ctx) -> {
            String id = rs.getString("event_id");
            if (!events.containsKey(id)) {
                events.put(id, new ShopperEvent(id, EventType.valueOf(rs.getString("event_type")),
                        rs.getString("user_id"), rs.getString("anonymous_id"), List.of(),
                        rs.getObject("quantity", Integer.class), SqlDatabase.decimal(rs, "price"),
                        rs.getString("currency"), rs.getString("search_query"), rs.getString("recommendation_id"),
                        SqlDatabase.instant(rs, "occurred_at"), rs.getString("coupon_code")));
                received.put(id, SqlDatabase.instant(rs, "received_at"));
                shopperOf.put(id, rs.getString("shopper_key"));
            }
            String item = rs.getString("item_id");
            if (item != null) {
                items.computeIfAbsent(id, k -> new ArrayList<>()).add(new ItemId(item));
            }
            return id;
        }).forEach(id -> { });
        Map<String, List<StoredEvent>> byShopper = new LinkedHashMap<>();
        for (ShopperEvent e : events.values()) {
            byShopper.computeIfAbsent(shopperOf.get(e.eventId()), k -> new ArrayList<>()).add(new StoredEvent(
                    new ShopperEvent(e.eventId(), e.type(), e.userId(), e.anonymousId(),
                            items.getOrDefault(e.eventId(), List.of()), e.quantity(), e.price(), e.currency(),
                            e.query(), e.recommendationId(), e.occurredAt(), e.couponCode()),
                    received.get(e.eventId())));
        }
        return byShopper;
    }
}
