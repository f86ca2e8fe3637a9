package io.shelfwise.testing;

import io.shelfwise.events.AppendOutcome;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.events.port.out.EventStore;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link EventStore} that keeps each tenant's events by event id (so a repeated id is stored once, within a
 * batch as across batches) and counts only new events in the month's usage, as the SQL store does.
 */
public final class InMemoryEventStore implements EventStore {
    private static final Comparator<StoredEvent> NEWEST_FIRST = Comparator
            .comparing((StoredEvent s) -> s.event().occurredAt()).thenComparing(s -> s.event().eventId()).reversed();
    private int recentReads;
    private int logScans;
    private Runnable beforeRead;
    private final Map<TenantId, LinkedHashMap<String, StoredEvent>> events = new HashMap<>();
    private final Map<TenantId, Map<YearMonth, Long>> usage = new HashMap<>();

    @Override
    public synchronized AppendOutcome appendNew(TenantId tenant, List<ShopperEvent> batch, Instant receivedAt,
                                                YearMonth month, long monthlyQuota) {
        LinkedHashMap<String, StoredEvent> stored = events.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
        LinkedHashMap<String, ShopperEvent> fresh = new LinkedHashMap<>();
        for (ShopperEvent e : batch) {
            if (!stored.containsKey(e.eventId())) {
                fresh.putIfAbsent(e.eventId(), e);
            }
        }
        long used = acceptedIn(tenant, month);
        if (!fresh.isEmpty() && used + fresh.size() > monthlyQuota) {
            return new AppendOutcome.OverQuota(used, fresh.size());
        }
        fresh.values().forEach(e -> stored.put(e.eventId(), new StoredEvent(e, receivedAt)));
        usage.computeIfAbsent(tenant, t -> new HashMap<>()).merge(month, (long) fresh.size(), Long::sum);
        return new AppendOutcome.Stored(List.copyOf(fresh.values()));
    }

    @Override
    public synchronized long acceptedIn(TenantId tenant, YearMonth month) {
        return usage.getOrDefault(tenant, Map.of()).getOrDefault(month, 0L);
    }

    @Override
    public synchronized List<StoredEvent> recentOf(TenantId tenant, String shopperKey, int limit) {
        recentReads++;
        return recent(tenant, shopperKey, limit);
    }

    @Override
    public Map<String, List<StoredEvent>> recentOfMany(TenantId tenant, Collection<String> shopperKeys, int limit) {
        runBeforeRead();
        synchronized (this) {
            recentReads++;
            Map<String, List<StoredEvent>> all = new HashMap<>();
            shopperKeys.forEach(key -> all.put(key, recent(tenant, key, limit)));
            return all;
        }
    }

    /** One pass over the tenant's events, as the SQL store reads them. */
    @Override
    public Map<String, List<StoredEvent>> recentOfEach(TenantId tenant, Set<String> shopperKeys, int limit) {
        runBeforeRead();
        synchronized (this) {
            logScans++;
            Map<String, List<StoredEvent>> all = new HashMap<>();
            shopperKeys.forEach(key -> all.put(key, new ArrayList<>()));
            for (StoredEvent e : eventsOf(tenant)) {
                List<StoredEvent> list = all.get(e.event().shopperKey());
                if (list != null) {
                    list.add(e);
                }
            }
            all.replaceAll((key, list) -> list.stream().sorted(NEWEST_FIRST).limit(limit).toList());
            return all;
        }
    }

    /** Runs {@code action} at the start of the next read of many shoppers (a write racing a long read). */
    public synchronized void beforeNextRead(Runnable action) {
        this.beforeRead = action;
    }

    /** Outside the store's lock, so that a read held up there blocks nobody else (as a database would not). */
    private void runBeforeRead() {
        Runnable action;
        synchronized (this) {
            action = beforeRead;
            beforeRead = null;
        }
        if (action != null) {
            action.run();
        }
    }

    /** How many passes over a tenant's whole log were made. */
    public synchronized int logScans() {
        return logScans;
    }

    /** How many reads of recent events (one shopper's or many shoppers' at once) were made. */
    public synchronized int recentReads() {
        return recentReads;
    }

    @Override
    public synchronized List<String> recentShoppers(TenantId tenant, int max) {
        Map<String, Instant> newest = new HashMap<>();
        eventsOf(tenant).forEach(s -> newest.merge(s.event().shopperKey(), s.event().occurredAt(),
                (x, y) -> x.isAfter(y) ? x : y));
        return newest.entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(max).map(Map.Entry::getKey).toList();
    }

    private List<StoredEvent> recent(TenantId tenant, String shopperKey, int limit) {
        return eventsOf(tenant).stream()
                .filter(s -> shopperKey.equals(s.event().shopperKey()))
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList();
    }

    /** Every stored event of the tenant, in the order it was first accepted. */
    public synchronized List<StoredEvent> eventsOf(TenantId tenant) {
        return List.copyOf(events.getOrDefault(tenant, new LinkedHashMap<>()).values());
    }
}
