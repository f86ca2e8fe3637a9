package io.shelfwise.events;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.port.out.EventStore;
import io.shelfwise.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Shoppers' latest events as {@link RecentActivity}, held in memory across requests, for every tenant of the
 * process together, up to {@code capacity} shoppers (the least recently read go first). Entries do not expire by
 * age: they stay right because
 * <ul>
 *   <li>events this process stores are merged into their shopper's entry at once, and</li>
 *   <li>events another process stores are noticed by comparing, at most every {@code checkEvery} per tenant, the
 *       tenant's accepted-events counter in the store (written in the same transaction as the events) with the
 *       count this process expects from its own writes; any difference drops all of the tenant's entries.</li>
 * </ul>
 * So a store written through one process serves every shopper from memory, and with several writing replicas an
 * entry is at most {@code checkEvery} (plus one check) behind, as a plain time-to-live would be.
 */
final class RecentActivityCache {
    private final EventStore store;
    private final Clock clock;
    private final Duration checkEvery;
    private final int capacity;
    /** Per tenant, the catalog's instance of an item id where this process holds the catalog (else the id). */
    private final Function<TenantId, UnaryOperator<ItemId>> heldIds;
    private final Map<TenantId, TenantState> tenants = new ConcurrentHashMap<>();
    /** Guarded by itself; keys are (tenant, shopper). */
    private final LinkedHashMap<Key, Held> entries;

    RecentActivityCache(EventStore store, Clock clock, Duration checkEvery, int capacity,
                        Function<TenantId, UnaryOperator<ItemId>> heldIds) {
        this.store = store;
        this.clock = clock;
        this.checkEvery = checkEvery;
        this.capacity = capacity;
        this.heldIds = heldIds;
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
                return size() > RecentActivityCache.this.capacity;
            }
        };
    }

    /** The shopper's activity, from memory when held and current, else from {@code load} (kept for next time). */
    RecentActivity get(TenantId tenant, String shopper, Supplier<List<StoredEvent>> load) {
        TenantState state = state(tenant);
        Key key = new Key(tenant, shopper);
        Missing before = state.snapshot();
        synchronized (entries) {
            Held entry = entries.get(key);
            if (entry != null && entry.generation == before.generation()) {
                return entry.activity;
            }
        }
        RecentActivity loaded = RecentActivity.of(load.get(), state.interner(heldIds.apply(tenant)));
        put(state, key, loaded, before);
        return loaded;
    }

    /**
     * Of {@code shoppers}, those not held for {@code tenant}, with what {@link #putAll} needs to keep a load of them:
     * from now until that call, the shoppers the process stores events for are noted, and their load is not kept
     * (so a long load, such as a campaign audience read from the whole log, survives live traffic to others).
     * Every call must be followed by {@link #putAll}, with an empty map when the load failed.
     */
    Missing missing(TenantId tenant, Collection<String> shoppers) {
        TenantState state = state(tenant);
        Set<String> written = ConcurrentHashMap.newKeySet();
        Missing now;
        synchronized (state) {
            now = new Missing(List.of(), state.generation, state.writes, written);
            state.loads.add(written);
        }
        List<String> missing = new java.util.ArrayList<>();
        synchronized (entries) {
            for (String shopper : new java.util.LinkedHashSet<>(shoppers)) {
                Held entry = entries.get(new Key(tenant, shopper));
                if (entry == null || entry.generation != now.generation()) {
                    missing.add(shopper);
                }
            }
        }
        return new Missing(missing, now.generation(), now.writes(), written);
    }

    /**
     * Shoppers to load, with the tenant's generation and write count before loading them, and (for a load through
     * {@link #missing}) the shoppers written since.
     */
    record Missing(List<String> shoppers, long generation, long writes, Set<String> written) {
    }

    /** Keeps what was loaded for many shoppers at once, unless the tenant or the shopper changed meanwhile. */
    void putAll(TenantId tenant, Map<String, List<StoredEvent>> loaded, Missing before) {
        TenantState state = tenants.get(tenant);
        if (state == null) {
            return;
        }
        UnaryOperator<ItemId> ids = state.interner(heldIds.apply(tenant));
        try {
            for (Map.Entry<String, List<StoredEvent>> e : loaded.entrySet()) {
                put(state, new Key(tenant, e.getKey()), RecentActivity.of(e.getValue(), ids), before);
            }
        } finally {
            synchronized (state) {
                state.loads.removeIf(w -> w == before.written());
            }
        }
    }

    private void put(TenantState state, Key key, RecentActivity activity, Missing before) {
        synchronized (state) {
            // A write or a drop while the store was read may be missing from what was read: then it serves this
            // read but is not kept.
            if (state.generation != before.generation() || (before.written() == null
                    ? state.writes != before.writes() : before.written().contains(key.shopper()))) {
                return;
            }
            synchronized (entries) {
                entries.put(key, new Held(activity, before.generation()));
            }
        }
    }

    /**
     * Records the events this process has just stored, only those that were new (a repeated event id keeps what was
     * stored first, which the entries already hold): they are merged into their shoppers' entries.
     */
    void stored(TenantId tenant, Collection<ShopperEvent> freshEvents, Instant receivedAt) {
        TenantState state = tenants.get(tenant);
        if (state == null) {
            return;
        }
        Map<String, List<ShopperEvent>> byShopper = new HashMap<>();
        for (ShopperEvent e : freshEvents) {
            byShopper.computeIfAbsent(e.shopperKey(), k -> new java.util.ArrayList<>()).add(e);
        }
        // The tenant's own instances only: looking the catalog up on every batch would keep it from going idle.
        UnaryOperator<ItemId> ids = state.interner(UnaryOperator.identity());
        synchronized (state) {
            state.writes++;
            for (Set<String> written : state.loads) {
                written.addAll(byShopper.keySet());
            }
            YearMonth month = YearMonth.from(receivedAt.atZone(ZoneOffset.UTC));
            if (month.equals(state.month)) {
                state.expected += freshEvents.size();
            }
            synchronized (entries) {
                for (Map.Entry<String, List<ShopperEvent>> e : byShopper.entrySet()) {
                    Key key = new Key(tenant, e.getKey());
                    Held entry = entries.get(key);
                    if (entry == null || entry.generation != state.generation) {
                        continue;
                    }
                    entries.put(key, new Held(entry.activity.with(e.getValue(), ids), state.generation));
                }
            }
        }
    }

    /** The tenant's state, checked against the store's counter when the last check is {@code checkEvery} old. */
    private TenantState state(TenantId tenant) {
        TenantState state = tenants.computeIfAbsent(tenant, t -> new TenantState());
        Instant now = clock.instant();
        boolean due;
        synchronized (state) {
            due = !state.checking && (state.checkedAt == null || !now.isBefore(state.checkedAt.plus(checkEvery)));
            if (due) {
                state.checking = true;
            }
        }
        if (due) {
            check(tenant, state, now);
        }
        return state;
    }

    private void check(TenantId tenant, TenantState state, Instant now) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        long writes = state.snapshot().writes();
        long accepted;
        try {
            accepted = store.acceptedIn(tenant, month);
        } catch (RuntimeException e) {
            synchronized (state) {
                state.checking = false;
            }
            throw e;
        }
        synchronized (state) {
            state.checking = false;
            state.checkedAt = now;
            // A write of this process between reading the counter and now makes the comparison unsure: drop too.
            if (!month.equals(state.month) || accepted != state.expected || writes != state.writes) {
                state.generation++;
                state.ids.clear();
                state.month = month;
                state.expected = accepted;
            }
        }
    }

    private record Key(TenantId tenant, String shopper) {
    }

    private record Held(RecentActivity activity, long generation) {
    }

    /** One tenant's bookkeeping; guarded by its own monitor (taken before {@code entries} when both are). */
    private static final class TenantState {
        private long generation;
        private long writes;
        private YearMonth month;
        private long expected = -1;
        private Instant checkedAt;
        private boolean checking;
        /** Item ids shared by every entry of the tenant, so a popular item's id is held once. */
        private final Map<ItemId, ItemId> ids = new ConcurrentHashMap<>();
        /** The shoppers written since each unfinished load began (see {@link #missing}); guarded by this. */
        private final List<Set<String>> loads = new java.util.ArrayList<>();

        /** The generation and write count as of now (no shoppers yet). */
        synchronized Missing snapshot() {
            return new Missing(List.of(), generation, writes, null);
        }

        /**
         * Maps an id to the catalog's instance ({@code catalogIds}) where the catalog has it, else to the one instance
         * the tenant's entries share.
         */
        UnaryOperator<ItemId> interner(UnaryOperator<ItemId> catalogIds) {
            return id -> {
                ItemId catalogs = catalogIds.apply(id);
                if (catalogs != id) {
                    return catalogs;
                }
                ItemId shared = ids.putIfAbsent(id, id);
                return shared != null ? shared : id;
            };
        }
    }
}
