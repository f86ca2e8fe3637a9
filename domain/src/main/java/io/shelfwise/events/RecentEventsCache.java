package io.shelfwise.events;

import io.shelfwise.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Shoppers' latest {@link #DEPTH} events, kept for {@code ttl} after they were read from the store. Events that
 * this process stores are merged in at once (write-through), so its next read sees them; events stored by another
 * process show once the entry expires, so {@code ttl} bounds how late they count. At most
 * {@link #MAX_SHOPPERS} shoppers per tenant are held (the least recently read go first).
 */
final class RecentEventsCache {
    /** How many of a shopper's latest events an entry holds; deeper reads go to the store. */
    static final int DEPTH = 50;
    static final int MAX_SHOPPERS = 2_000;
    private static final Comparator<StoredEvent> NEWEST_FIRST = Comparator
            .comparing((StoredEvent s) -> s.event().occurredAt())
            .thenComparing(s -> s.event().eventId()).reversed();

    private final Clock clock;
    private final Duration ttl;
    private final Map<TenantId, Shoppers> tenants = new ConcurrentHashMap<>();

    RecentEventsCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The shopper's latest {@code limit} events (at most {@link #DEPTH}), newest first. */
    List<StoredEvent> recentOf(TenantId tenant, String shopper, int limit, Supplier<List<StoredEvent>> load) {
        Shoppers shoppers = tenants.computeIfAbsent(tenant, t -> new Shoppers());
        Instant now = clock.instant();
        List<StoredEvent> events;
        long writesBefore;
        synchronized (shoppers) {
            Cached entry = shoppers.entries.get(shopper);
            events = entry != null && now.isBefore(entry.expires) ? entry.events : null;
            writesBefore = shoppers.writes;
        }
        if (events == null) {
            events = load.get();
            synchronized (shoppers) {
                // A write for this tenant while the store was read may be missing from what was read: then the
                // result serves this read but is not kept.
                if (shoppers.writes == writesBefore) {
                    shoppers.entries.put(shopper, new Cached(events, now.plus(ttl)));
                }
            }
        }
        return events.size() <= limit ? events : events.subList(0, limit);
    }

    /** Of {@code shoppers}, those without a live entry, with the tenant's write count to pass to {@link #putAll}. */
    Missing missing(TenantId tenant, Collection<String> shoppers) {
        Shoppers entries = tenants.computeIfAbsent(tenant, t -> new Shoppers());
        Instant now = clock.instant();
        List<String> missing = new ArrayList<>();
        synchronized (entries) {
            for (String shopper : new LinkedHashSet<>(shoppers)) {
                Cached entry = entries.entries.get(shopper);
                if (entry == null || !now.isBefore(entry.expires)) {
                    missing.add(shopper);
                }
            }
            return new Missing(missing, entries.writes);
        }
    }

    /** Shoppers to load, and the tenant's write count before loading. */
    record Missing(List<String> shoppers, long writesBefore) {
    }

    /**
     * Keeps what was loaded for many shoppers at once (each list newest first, at most {@link #DEPTH}); nothing is
     * kept when the tenant stored events meanwhile, since the load may have missed them.
     */
    void putAll(TenantId tenant, Map<String, List<StoredEvent>> loaded, long writesBefore) {
        Shoppers entries = tenants.computeIfAbsent(tenant, t -> new Shoppers());
        Instant expires = clock.instant().plus(ttl);
        synchronized (entries) {
            if (entries.writes != writesBefore) {
                return;
            }
            loaded.forEach((shopper, events) -> entries.entries.put(shopper, new Cached(List.copyOf(events),
                    expires)));
        }
    }

    /**
     * Records events this process has just stored. When {@code exact} (every event of the batch was new), they
     * are merged into the shoppers' entries; otherwise those entries are dropped, since a repeated event id keeps
     * what was stored first, which may differ from what was sent now.
     */
    void stored(TenantId tenant, Collection<ShopperEvent> events, Instant receivedAt, boolean exact) {
        Shoppers shoppers = tenants.get(tenant);
        if (shoppers == null) {
            return;
        }
        synchronized (shoppers) {
            shoppers.writes++;
            Set<String> touched = new HashSet<>();
            for (ShopperEvent e : events) {
                touched.add(e.shopperKey());
            }
            for (String shopper : touched) {
                Cached entry = shoppers.entries.get(shopper);
                if (entry == null) {
                    continue;
                }
                if (!exact) {
                    shoppers.entries.remove(shopper);
                    continue;
                }
                List<StoredEvent> merged = new ArrayList<>(entry.events);
                Set<String> ids = new HashSet<>();
                merged.forEach(s -> ids.add(s.event().eventId()));
                for (ShopperEvent e : events) {
                    if (shopper.equals(e.shopperKey()) && ids.add(e.eventId())) {
                        merged.add(new StoredEvent(e, receivedAt));
                    }
                }
                merged.sort(NEWEST_FIRST);
                shoppers.entries.put(shopper, new Cached(
                        List.copyOf(merged.subList(0, Math.min(DEPTH, merged.size()))), entry.expires));
            }
        }
    }

    private record Cached(List<StoredEvent> events, Instant expires) {
    }

    /** One tenant's entries, least recently read first; guarded by its own monitor. */
    private static final class Shoppers {
        private long writes;
        private final LinkedHashMap<String, Cached> entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > MAX_SHOPPERS;
            }
        };
    }
}
