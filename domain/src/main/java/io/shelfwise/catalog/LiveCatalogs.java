package io.shelfwise.catalog;

import io.shelfwise.catalog.port.out.ItemStore;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Each served tenant's catalog in memory, so that stock checks and content lookups cost no database read.
 * A tenant is loaded on its first read. Changes made through this process are applied as soon as they are
 * committed; every {@code refresh} a read also asks the store (in the background) for the tenant's catalog
 * version, and when another process has changed the catalog in between, the whole catalog is reloaded while the
 * current one keeps serving. The catalogs are held in a size-bounded cache ({@link TenantCaches}): one nobody read
 * for {@link #IDLE}, or the least valuable when the budget is full, is dropped and loaded again on its next read.
 */
final class LiveCatalogs {
    /** A tenant's catalog nobody read for this long is dropped (and loaded again on its next read). */
    static final Duration IDLE = Duration.ofMinutes(15);
    private static final System.Logger LOG = System.getLogger(LiveCatalogs.class.getName());
    private static final int PAGE = 1000;
    private static final AtomicLong GENERATIONS = new AtomicLong();
    /**
     * What an item with a short id and title and no attributes costs in memory, estimated: the record, its id, its
     * hash entry and its slot in the sorted array (the values it shares with other items are counted once per
     * catalog). A heap histogram of 100 served catalogs of 5,000 generated items gave ~260 bytes an item with a skip
     * list beside the hash; longer ids and titles and attributes add their characters ({@link ItemIndex#weight}).
     */
    static final long ITEM_BYTES = 200;

    private final ItemStore store;
    private final Clock clock;
    private final Duration refresh;
    private final Executor background;
    private final TenantCaches.TenantCache<Live> tenants;
    /**
     * Per tenant, the instance of an item id that something else this process holds (a served model) already has:
     * a catalog loaded again after an eviction takes those, so that it and the model share one instance per id.
     */
    private volatile Function<TenantId, UnaryOperator<ItemId>> heldElsewhere = tenant -> UnaryOperator.identity();
    /** Every tenant's version in the store as last read ({@link #storeVersions}); one read for all held catalogs. */
    private volatile Versions versions = new Versions(Instant.EPOCH, Map.of());
    private final Object versionsRead = new Object();

    /** The store's versions of every tenant's catalog, read at {@code readAt} (the read started then). */
    private record Versions(Instant readAt, Map<TenantId, Long> byTenant) {
    }

    LiveCatalogs(ItemStore store, Clock clock, Duration refresh, Executor background, TenantCaches caches,
                 long budgetBytes) {
        this.store = store;
        this.clock = clock;
        this.refresh = refresh;
        this.background = background;
        this.tenants = caches.create("catalogs", budgetBytes, IDLE, Live::bytes);
    }

    CatalogView of(TenantId tenant) {
        Instant now = clock.instant();
        Live live = tenants.get(tenant, Live::new);
        if (live.items == null) {
            live.load(true);
            // Weighed again now that it holds the items.
            tenants.put(tenant, live);
        } else if (!now.isBefore(live.checkedAt.plus(refresh)) && live.checking.compareAndSet(false, true)) {
            live.checkedAt = now;
            try {
                background.execute(() -> {
                    try {
                        if (live.reloadIfChangedElsewhere()) {
                            tenants.put(tenant, live);
                        }
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "event=catalog_refresh_failed tenant=" + tenant
                                + " error=" + e.getMessage());
                    } finally {
                        live.checking.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                live.checking.set(false);
            }
        }
        return live;
    }

    /**
     * Every tenant's catalog version in the store, from a read started at most half a refresh interval ago: a
     * process holding a thousand catalogs reads them all once per half interval instead of one query per tenant per
     * interval (hundreds a second). A change made elsewhere is so served within one and a half intervals.
     */
    private Versions storeVersions() {
        Duration maxAge = refresh.dividedBy(2);
        Versions held = versions;
        if (clock.instant().isBefore(held.readAt().plus(maxAge))) {
            return held;
        }
        synchronized (versionsRead) {
            held = versions;
            Instant now = clock.instant();
            if (now.isBefore(held.readAt().plus(maxAge))) {
                return held;
            }
            held = new Versions(now, Map.copyOf(store.versions()));
            versions = held;
            return held;
        }
    }

    /** Where a loaded catalog takes its item ids from ({@link #heldElsewhere}). */
    void shareIdsWith(Function<TenantId, UnaryOperator<ItemId>> holders) {
        this.heldElsewhere = java.util.Objects.requireNonNull(holders, "holders");
    }

    /** The tenant's catalog if this process holds it loaded, else null; loads nothing. */
    CatalogView ifHeld(TenantId tenant) {
        Live live = tenants.getIfPresent(tenant);
        return live == null || live.items == null ? null : live;
    }

    /** Applies a change this process has committed, which left the store's catalog at {@code version}. */
    void committed(TenantId tenant, Change change, long version) {
        Live live = tenants.getIfPresent(tenant);
        if (live != null) {
            int before = live.size();
            live.apply(change, version);
            if (live.size() != before) {
                tenants.put(tenant, live);
            }
        }
    }

    /** A committed change to a catalog. */
    sealed interface Change {
        void applyTo(ItemIndex items);

        record Upserted(List<Item> items) implements Change {
            @Override
            public void applyTo(ItemIndex catalog) {
                items.forEach(catalog::put);
            }
        }

        record Deleted(ItemId id) implements Change {
            @Override
            public void applyTo(ItemIndex catalog) {
                catalog.remove(id.value());
            }
        }
    }

    /**
     * A catalog's items hashed by id (the serving path's point lookups, dozens per answered list), and in id order
     * (pages, whole-catalog walks in a stable order) as a sorted array built on the first walk after a change: a
     * skip list beside the hash cost ~36 bytes an item for an order that few reads need. Items are held with one
     * copy of each distinct brand, category path, price and currency (and attribute key and value): thousands of
     * items share a few hundred of them, so a tenant's catalog takes about a third of the memory it took with each
     * row's own copies and both indexes.
     */
    static final class ItemIndex {
        private static final Item[] NONE = new Item[0];
        private static final java.util.Comparator<Item> BY_ID = java.util.Comparator.comparing(i -> i.id().value());
        /**
         * Distinct values shared at most: enough for a catalog's brands, categories, prices and common attribute
         * values; past it (unique values such as GTINs) a value is held as it came instead of costing a map entry.
         */
        static final int MAX_SHARED = 8_192;
        private final Map<String, Item> byId = new ConcurrentHashMap<>();
        /** The instance each item's id is held as. */
        private final UnaryOperator<ItemId> ids;
        /** One instance per distinct value (strings, category paths, prices) among the items held. */
        private final Map<Object, Object> shared = new ConcurrentHashMap<>();
        /** Raised after each change (after its write), so that a snapshot taken before it is not used after it. */
        private final AtomicLong changes = new AtomicLong();
        /** The items in id order as of {@link Snapshot#changes}. */
        private volatile Snapshot ordered = new Snapshot(0, NONE);
        /** What the items held weigh together, by {@link #weight(Item)}. */
        private final AtomicLong bytes = new AtomicLong();

        private record Snapshot(long changes, Item[] items) {
        }

        /** Holds each item's id as {@code ids} maps it (an equal id). */
        ItemIndex(UnaryOperator<ItemId> ids) {
            this.ids = ids;
        }

        void put(Item item) {
            Item held = compact(item);
            Item before = byId.put(held.id().value(), held);
            bytes.addAndGet(weight(held) - (before == null ? 0 : weight(before)));
            changes.incrementAndGet();
        }

        /**
         * What an item costs in memory, estimated: the record, its id, its hash entry and slot in the sorted array
         * ({@link #ITEM_BYTES} together, with a short id and title), its id and title beyond that, and its attributes
         * (whose values may be its own). Its brand, category path, price and currency are shared with other items.
         */
        static long weight(Item item) {
            long bytes = ITEM_BYTES + item.id().value().length() + item.title().length();
            for (Map.Entry<String, String> a : item.attributes().entrySet()) {
                bytes += 48 + a.getValue().length();
            }
            return bytes;
        }

        /** The same item, its repeated values replaced by the instances other items already hold. */
        private Item compact(Item item) {
            Map<String, String> attributes = item.attributes();
            if (!attributes.isEmpty()) {
                Map<String, String> same = new java.util.TreeMap<>();
                attributes.forEach((k, v) -> same.put(share(k), share(v)));
                attributes = same;
            }
            List<String> path = item.categoryPath();
            if (!path.isEmpty()) {
                // List.of, which Item's List.copyOf keeps as it is (a stream's list it would copy).
                path = share(List.of(path.stream().map(this::share).toArray(String[]::new)));
            }
            ItemId id = ids.apply(item.id());
            return new Item(id.equals(item.id()) ? id : item.id(), item.title(), share(item.brand()), path,
                    share(item.price()),
                    share(item.currency()), item.inStock(), attributes);
        }

        @SuppressWarnings("unchecked")
        private <T> T share(T value) {
            if (value == null) {
                return null;
            }
            Object held = shared.get(value);
            if (held != null) {
                return (T) held;
            }
            return shared.size() < MAX_SHARED ? (T) shared.computeIfAbsent(value, v -> v) : value;
        }

        void remove(String id) {
            Item before = byId.remove(id);
            if (before != null) {
                bytes.addAndGet(-weight(before));
            }
            changes.incrementAndGet();
        }

        Item get(String id) {
            return byId.get(id);
        }

        /**
         * Every item in id order: a snapshot that holds every change made before the call (it is sorted again on
         * the first walk after a change).
         */
        Collection<Item> values() {
            long now = changes.get();
            Snapshot held = ordered;
            if (held.changes() != now) {
                // Counted before the copy: a change the copy misses counts after it, so this snapshot is not used
                // once that change is done.
                Item[] items = byId.values().toArray(NONE);
                java.util.Arrays.sort(items, BY_ID);
                held = new Snapshot(now, items);
                ordered = held;
            }
            return java.util.Arrays.asList(held.items());
        }

        int size() {
            return byId.size();
        }

        /** The items' weights and the shared values (~64 bytes each with their map entry). */
        long bytes() {
            return bytes.get() + 64L * shared.size();
        }
    }

    private final class Live implements CatalogView {
        private final TenantId tenant;
        private final ReentrantLock loading = new ReentrantLock();
        private final AtomicBoolean checking = new AtomicBoolean();
        private final Object lock = new Object();
        /** Null until the first load. */
        private volatile ItemIndex items;
        private volatile long generation;
        private volatile Instant checkedAt;
        /** The store's version that {@link #items} holds every change of; guarded by {@link #lock}. */
        private long version = -1;
        /** When this process last read the version to load, or changed the catalog; guarded by {@link #lock}. */
        private Instant localAt = Instant.MIN;
        /** Changes committed here while a load runs, to replay on its result; guarded by {@link #lock}. */
        private List<Change> duringLoad;

        Live(TenantId tenant) {
            this.tenant = tenant;
            this.checkedAt = clock.instant();
        }

        int size() {
            ItemIndex held = items;
            return held == null ? 0 : held.size();
        }

        long bytes() {
            ItemIndex held = items;
            return 1_024 + (held == null ? 0 : held.bytes());
        }

        @Override
        public Item find(ItemId id) {
            return items.get(id.value());
        }

        @Override
        public Collection<Item> items() {
            return Collections.unmodifiableCollection(items.values());
        }

        @Override
        public long generation() {
            return generation;
        }

        void apply(Change change, long committedVersion) {
            synchronized (lock) {
                if (items != null) {
                    change.applyTo(items);
                }
                if (duringLoad != null) {
                    duringLoad.add(change);
                }
                // Only this change since the held version: still exact. Otherwise another process wrote too,
                // and the next check reloads.
                if (version >= 0 && committedVersion == version + 1) {
                    version = committedVersion;
                }
                localAt = clock.instant();
                generation = GENERATIONS.incrementAndGet();
            }
        }

        /** True when it reloaded. */
        boolean reloadIfChangedElsewhere() {
            long held;
            Instant heldSince;
            synchronized (lock) {
                held = version;
                heldSince = localAt;
            }
            // A newer version is another process's change. An older one is either a read taken before this
            // process's own latest change (nothing to do) or, where the read started after it, a catalog erased
            // or restored elsewhere: that reloads too.
            Versions read = storeVersions();
            long stored = read.byTenant().getOrDefault(tenant, 0L);
            if (stored > held || (stored < held && read.readAt().isAfter(heldSince))) {
                load(false);
                return true;
            }
            return false;
        }

        /**
         * Reads the whole catalog. The version is read before the items, so the result holds at least every
         * change up to it; changes this process commits meanwhile are replayed on the result.
         *
         * @param first whether this is the first load, which concurrent first readers wait for and do once
         */
        void load(boolean first) {
            loading.lock();
            try {
                if (first && items != null) {
                    return;
                }
                synchronized (lock) {
                    duringLoad = new ArrayList<>();
                }
                long loadedVersion;
                Instant loadStarted = clock.instant();
                // Looked up per item, not captured: the catalog must not keep another holder (a model) alive.
                ItemIndex loaded = new ItemIndex(id -> heldElsewhere.apply(tenant).apply(id));
                try {
                    loadedVersion = store.version(tenant);
                    ItemId after = null;
                    for (List<Item> page = store.list(tenant, null, PAGE); !page.isEmpty();
                         page = store.list(tenant, after, PAGE)) {
                        page.forEach(loaded::put);
                        after = page.getLast().id();
                    }
                } catch (RuntimeException e) {
                    synchronized (lock) {
                        duringLoad = null;
                    }
                    throw e;
                }
                synchronized (lock) {
                    duringLoad.forEach(c -> c.applyTo(loaded));
                    duringLoad = null;
                    items = loaded;
                    version = loadedVersion;
                    localAt = loadStarted.isAfter(localAt) ? loadStarted : localAt;
                    generation = GENERATIONS.incrementAndGet();
                }
                LOG.log(System.Logger.Level.DEBUG, () -> "event=catalog_loaded tenant=" + tenant + " items="
                        + loaded.size());
            } finally {
                loading.unlock();
            }
        }
    }
}
