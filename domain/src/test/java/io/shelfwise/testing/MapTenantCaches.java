package io.shelfwise.testing;

import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * {@link TenantCaches} for domain unit tests: holds everything (no eviction) and counts loads; {@link #evictAll}
 * drops every value, as a full budget would. The Caffeine adapter is tested against the real library.
 */
public final class MapTenantCaches implements TenantCaches {
    private final Map<String, Held<?>> created = new ConcurrentHashMap<>();

    @Override
    public <V> TenantCache<V> create(String name, long maxWeight, Duration idle, ToLongFunction<V> weigher) {
        Held<V> held = new Held<>(name, maxWeight, weigher);
        created.put(name, held);
        return held;
    }

    /** The statistics of the cache created as {@code name}. */
    public Stats stats(String name) {
        return created.get(name).stats();
    }

    /** Drops every value of every cache. */
    public void evictAll() {
        created.values().forEach(h -> {
            h.evictions.addAndGet(h.values.size());
            h.values.clear();
        });
    }

    private static final class Held<V> implements TenantCache<V> {
        private final String name;
        private final long maxWeight;
        private final ToLongFunction<V> weigher;
        private final Map<TenantId, V> values = new ConcurrentHashMap<>();
        private final AtomicLong loads = new AtomicLong();
        private final AtomicLong evictions = new AtomicLong();

        Held(String name, long maxWeight, ToLongFunction<V> weigher) {
            this.name = name;
            this.maxWeight = maxWeight;
            this.weigher = weigher;
        }

        @Override
        public V get(TenantId tenant, Function<TenantId, V> load) {
            return values.computeIfAbsent(tenant, t -> {
                loads.incrementAndGet();
                return load.apply(t);
            });
        }

        @Override
        public V getIfPresent(TenantId tenant) {
            return values.get(tenant);
        }

        @Override
        public void put(TenantId tenant, V value) {
            values.put(tenant, value);
        }

        @Override
        public void invalidate(TenantId tenant) {
            values.remove(tenant);
        }

        @Override
        public Stats stats() {
            long weight = values.values().stream().mapToLong(weigher).sum();
            return new Stats(name, values.size(), weight, maxWeight, loads.get(), evictions.get(), 0);
        }
    }
}
