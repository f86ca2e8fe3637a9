package io.shelfwise.recommendation.serving;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A per-key value that is expensive to compute (a ranking, a model): computed inline the first time, then
 * reused for {@code ttl}; once expired it keeps being served while one background recomputation per key runs
 * on {@code background}. Concurrent first calls for a key wait for one computation instead of each running
 * their own ({@link #getOrStart} does not wait: it starts the first computation in the background). A zero
 * {@code ttl} computes on every call.
 *
 * <p>A value is kept at least {@link #COST_FACTOR} times as long as it took to compute, however short the
 * {@code ttl}, so that recomputing one key takes at most about a tenth of a core: a 1M-event tenant's bestsellers
 * (30 days of its events grouped per item and day) took 2-4 s of CPU, and with a 5 s ttl they were ranked again
 * every 5 s while the surface was asked, which made the surface's own p99 at 1,000 req/s 20-40 ms. A small
 * tenant's values (milliseconds to compute) still expire after {@code ttl}.
 */
final class RefreshingCache<K, V> {
    /** A value lives at least this many times its computation's duration (wall clock, on this machine). */
    static final int COST_FACTOR = 10;

    private final Function<K, V> compute;
    private final Clock clock;
    private final Duration ttl;
    private final Executor background;
    private final Store<K, Entry<V>> entries;
    private final Set<K> refreshing = ConcurrentHashMap.newKeySet();
    private final Map<K, ReentrantLock> firstComputations = new ConcurrentHashMap<>();

    /** Where the values are held: a plain map, or a size-bounded cache that may drop one (then computed again). */
    interface Store<K, E> {
        E get(K key);

        void put(K key, E entry);

        /**
         * Entries held in a size-bounded per-tenant cache named {@code name}, weighed by {@code weigher} of their
         * value; one it evicts is computed again on its next read.
         */
        static <V> Store<io.shelfwise.tenancy.TenantId, Entry<V>> bounded(
                io.shelfwise.tenancy.port.out.TenantCaches caches, String name, long budgetBytes, Duration idle,
                java.util.function.ToLongFunction<V> weigher) {
            io.shelfwise.tenancy.port.out.TenantCaches.TenantCache<Entry<V>> held = caches.create(name, budgetBytes,
                    idle, entry -> weigher.applyAsLong(entry.value()));
            return new Store<>() {
                @Override
                public Entry<V> get(io.shelfwise.tenancy.TenantId tenant) {
                    return held.getIfPresent(tenant);
                }

                @Override
                public void put(io.shelfwise.tenancy.TenantId tenant, Entry<V> entry) {
                    held.put(tenant, entry);
                }
            };
        }

        static <K, E> Store<K, E> map() {
            Map<K, E> map = new ConcurrentHashMap<>();
            return new Store<>() {
                @Override
                public E get(K key) {
                    return map.get(key);
                }

                @Override
                public void put(K key, E entry) {
                    map.put(key, entry);
                }
            };
        }
    }

    RefreshingCache(Function<K, V> compute, Clock clock, Duration ttl, Executor background) {
        this(compute, clock, ttl, background, Store.map());
    }

    RefreshingCache(Function<K, V> compute, Clock clock, Duration ttl, Executor background,
                    Store<K, Entry<V>> entries) {
        this.entries = entries;
        this.compute = compute;
        this.clock = clock;
        this.ttl = ttl;
        this.background = background;
    }

    V get(K key) {
        Entry<V> cached = entries.get(key);
        if (ttl.isZero()) {
            return refresh(key);
        }
        if (cached == null) {
            return first(key);
        }
        if (clock.instant().isBefore(cached.validUntil())) {
            return cached.value();
        }
        inBackground(key, () -> refresh(key));
        // The expired value while the refresh runs (or the new one, when the executor ran it here).
        Entry<V> now = entries.get(key);
        return now == null ? cached.value() : now.value();
    }

    /** The key's value, computed once however many callers ask for it first at the same time. */
    private V first(K key) {
        // A lock, not synchronized: the computation reads the database, which must not pin a virtual thread's
        // carrier on Java 21.
        ReentrantLock lock = firstComputations.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            Entry<V> cached = entries.get(key);
            return cached != null ? cached.value() : refresh(key);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code task} on the background executor unless one is already running for the key. */
    private void inBackground(K key, Runnable task) {
        if (refreshing.add(key)) {
            try {
                background.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        refreshing.remove(key);
                    }
                });
            } catch (RejectedExecutionException e) {
                refreshing.remove(key);
            }
        }
    }

    /**
     * The value when one was computed, else null after starting its first computation in the background (one per
     * key): for callers that have something cheaper to serve meanwhile than a wait. A zero {@code ttl} computes
     * inline as {@link #get} does.
     */
    V getOrStart(K key) {
        if (ttl.isZero() || entries.get(key) != null) {
            return get(key);
        }
        inBackground(key, () -> first(key));
        // An executor that runs the task in the caller has built it already.
        Entry<V> built = entries.get(key);
        return built == null ? null : built.value();
    }

    private V refresh(K key) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        V value = compute.apply(key);
        Duration cost = Duration.ofNanos(System.nanoTime() - started);
        Duration life = cost.multipliedBy(COST_FACTOR);
        entries.put(key, new Entry<>(value, now.plus(life.compareTo(ttl) > 0 ? life : ttl)));
        return value;
    }

    record Entry<V>(V value, Instant validUntil) {
    }
}
