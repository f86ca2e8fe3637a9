package io.shelfwise.events.port.out;

import io.shelfwise.events.AppendOutcome;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where each tenant's shopper events are kept. Every call is scoped to one tenant. */
public interface EventStore {
    /**
     * Durably stores the events whose ids the tenant has not stored before, atomically, and counts them in the
     * tenant's usage for {@code month}; returns only once the data is committed. Stores nothing when the new
     * events would take that usage past {@code monthlyQuota}. Retries of stored events cost no quota.
     */
    AppendOutcome appendNew(TenantId tenant, List<ShopperEvent> events, Instant receivedAt, YearMonth month,
                            long monthlyQuota);

    /** How many events the tenant has had accepted in {@code month}. */
    long acceptedIn(TenantId tenant, YearMonth month);

    /** A shopper's most recent events, newest first. */
    List<StoredEvent> recentOf(TenantId tenant, String shopperKey, int limit);

    /** The keys of the tenant's {@code max} most recently active shoppers, most recent first. */
    List<String> recentShoppers(TenantId tenant, int max);

    /** The most recent events of each of {@code shopperKeys} (newest first); shoppers without events map to none. */
    default Map<String, List<StoredEvent>> recentOfMany(TenantId tenant, Collection<String> shopperKeys, int limit) {
        Map<String, List<StoredEvent>> all = new HashMap<>();
        for (String key : shopperKeys) {
            all.put(key, recentOf(tenant, key, limit));
        }
        return all;
    }

    /**
     * The same as {@link #recentOfMany} for a large share of the tenant's shoppers (a campaign's whole audience):
     * an adapter may read the tenant's log once instead of looking each shopper up. Events written meanwhile may be
     * missing.
     */
    default Map<String, List<StoredEvent>> recentOfEach(TenantId tenant, Set<String> shopperKeys, int limit) {
        return recentOfMany(tenant, shopperKeys, limit);
    }
}
