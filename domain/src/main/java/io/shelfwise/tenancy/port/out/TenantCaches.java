package io.shelfwise.tenancy.port.out;

import io.shelfwise.tenancy.TenantId;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Size-bounded, per-tenant memory for what serving holds (learned models, catalogs): what was not read for a
 * while, or does not fit the budget, is evicted and loaded again on the tenant's next read. The edge picks the
 * cache library; the domain only says what an entry weighs.
 */
public interface TenantCaches {

    /**
     * A cache named {@code name} (metrics, logs) holding at most {@code maxWeight} by {@code weigher}'s measure
     * (bytes, by the caller's estimate), dropping an entry nobody read for {@code idle}.
     */
    <V> TenantCache<V> create(String name, long maxWeight, java.time.Duration idle, ToLongFunction<V> weigher);

    /** One named cache of per-tenant values. */
    interface TenantCache<V> {
        /**
         * The tenant's value, loaded by {@code load} when absent. Two reads of one missing tenant load it once;
         * a load never holds up reads of other tenants.
         */
        V get(TenantId tenant, Function<TenantId, V> load);

        /** The tenant's value when held, else null; loads nothing. */
        V getIfPresent(TenantId tenant);

        /** Stores (or re-stores) {@code value}, weighing it again: call after a held value grew or shrank. */
        void put(TenantId tenant, V value);

        /** Drops the tenant's value now. */
        void invalidate(TenantId tenant);

        /** Counts since start. */
        Stats stats();
    }

    /** What a cache holds and has done. */
    record Stats(String name, long entries, long weight, long maxWeight, long loads, long evictions,
                 double averageLoadMillis) {
    }
}
