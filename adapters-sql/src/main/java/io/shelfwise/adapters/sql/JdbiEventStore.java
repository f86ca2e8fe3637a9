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
 * transaction, committed before {@link #appendNew} returns.
 */
public final class JdbiEventStore implements EventStore {
    /** Shoppers per batched read of recent events. */
    private static final int MANY_CHUNK = 100;
    private static final java.util.Comparator<StoredEvent> NEWEST_FIRST = java.util.Comparator
            .comparing((StoredEvent e) -> e.event().occurredAt()).thenComparing(e -> e.event().eventId()).reversed();
    static final String EVENTS_METRIC = UsageMetric.EVENTS_ACCEPTED.key();

    private final SqlDatabase db;

    public JdbiEventStore(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public AppendOutcome appendNew(TenantId tenant, List<ShopperEvent> events, Instant receivedAt, YearMonth month,
                                   long monthlyQuota) {
        Map<String, ShopperEvent> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.eventId(), e));
        return db.inTransaction(h -> {
            List<String> ids = new ArrayList<>(byId.keySet());
            Set<String> known = new HashSet<>(SqlDatabase.bindKeys(h.createQuery("SELECT event_id FROM events WHERE "
                    + SqlDatabase.tenantKeyIn("event_id", ids.size())), tenant.value(), ids)
                    .mapTo(String.class).list());
            List<ShopperEvent> fresh = byId.values().stream().filter(e -> !known.contains(e.eventId())).toList();
            if (fresh.isEmpty()) {
                return new AppendOutcome.Stored(List.of());
            }
            long used = Usage.get(h, tenant, month, EVENTS_METRIC);
            if (used + fresh.size() > monthlyQuota) {
                return new AppendOutcome.OverQuota(used, fresh.size());
            }
            insert(h, tenant, fresh, receivedAt);
            Usage.add(h, tenant, month, EVENTS_METRIC, fresh.size());
            return new AppendOutcome.Stored(fresh);
        });
    }

    private static void insert(Handle h, TenantId tenant, List<ShopperEvent> fresh, Instant receivedAt) {
        PreparedBatch rows = h.prepareBatch("INSERT INTO events (tenant_id, event_id, event_type, shopper_key, "
                + "user_id, anonymous_id, quantity, price, currency, search_query, recommendation_id, occurred_at, "
                + "received_at, coupon_code) VALUES (:tenant, :id, :type, :shopper, :user, :anon, :quantity, :price, "
                + ":currency, :query, :rec, :occurred, :received, :coupon)");
        PreparedBatch items = h.prepareBatch("INSERT INTO event_items (tenant_id, event_id, item_position, item_id, "
                + "event_type, occurred_day) VALUES (:tenant, :id, :position, :item, :type, :day)");
        for (ShopperEvent e : fresh) {
            rows.bind("tenant", tenant.value())
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
                    .bind("received", SqlDatabase.utc(receivedAt))
                    .bind("coupon", e.couponCode())
                    .add();
            long day = LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC).toEpochDay();
            for (int i = 0; i < e.itemIds().size(); i++) {
                items.bind("tenant", tenant.value())
                        .bind("id", e.eventId())
                        .bind("position", i)
                        .bind("item", e.itemIds().get(i).value())
                        .bind("type", e.type().name())
                        .bind("day", (int) day)
                        .add();
            }
        }
        rows.execute();
        if (items.size() > 0) {
            items.execute();
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
