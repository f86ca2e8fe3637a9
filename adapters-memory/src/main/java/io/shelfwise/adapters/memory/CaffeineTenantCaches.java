package io.shelfwise.adapters.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * {@link TenantCaches} on Caffeine: weight-bounded (Window TinyLFU picks what to evict), idle expiry, per-key
 * loading (a missing tenant is loaded once; other tenants' reads go on meanwhile) and statistics. Evictions are
 * logged so an operator sees a tenant's model leave memory and come back.
 */
public final class CaffeineTenantCaches implements TenantCaches {
    private static final System.Logger LOG = System.getLogger(CaffeineTenantCaches.class.getName());

    private final Executor maintenance;
    private final List<Named<?>> created = new CopyOnWriteArrayList<>();

    /** Eviction bookkeeping runs on {@code maintenance}; {@code Runnable::run} keeps it on the caller (tests). */
    public CaffeineTenantCaches(Executor maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public <V> TenantCache<V> create(String name, long maxWeight, Duration idle, ToLongFunction<V> weigher) {
        if (maxWeight <= 0) {
            throw new IllegalArgumentException("cache " + name + " needs a positive budget, was " + maxWeight);
        }
        Cache<TenantId, V> cache = Caffeine.newBuilder()
                .executor(maintenance)
                .maximumWeight(maxWeight)
                // Caffeine weighs in ints; a weight is clamped so one huge value cannot overflow it.
                .<TenantId, V>weigher((tenant, value) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, weigher.applyAsLong(value))))
                .expireAfterAccess(idle)
                .recordStats()
                .<TenantId, V>removalListener((tenant, value, cause) -> {
                    if (cause == RemovalCause.SIZE || cause == RemovalCause.EXPIRED) {
                        LOG.log(System.Logger.Level.INFO, "event=tenant_cache_evicted cache=" + name + " tenant="
                                + tenant + " cause=" + cause.name().toLowerCase(java.util.Locale.ROOT));
                    }
                })
                .build();
        Named<V> named = new Named<>(name, maxWeight, cache);
        created.add(named);
        return named;
    }

    /** Every cache created so far, for metrics and the operator's view. */
    public List<Stats> stats() {
        return created.stream().map(Named::stats).toList();
    }

    private record Named<V>(String name, long maxWeight, Cache<TenantId, V> cache) implements TenantCache<V> {
        @Override
        public V get(TenantId tenant, Function<TenantId, V> load) {
            return cache.get(tenant, load);
        }

        @Override
        public V getIfPresent(TenantId tenant) {
            return cache.getIfPresent(tenant);
        }

        @Override
        public void put(TenantId tenant, V value) {
            cache.put(tenant, value);
        }

        @Override
        public void invalidate(TenantId tenant) {
            cache.invalidate(tenant);
        }

        @Override
        public Stats stats() {
            CacheStats s = cache.stats();
            long weight = cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
            return new Stats(name, cache.estimatedSize(), weight, maxWeight, s.loadCount(), s.evictionCount(),
                    s.averageLoadPenalty() / 1e6);
        }
    }
}
