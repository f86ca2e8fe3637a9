package io.shelfwise.events.port.in;

import io.shelfwise.events.RecentActivity;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.tenancy.TenantId;
import java.util.Collection;
import java.util.List;

/** Tenant use case: read back one shopper's recent events. */
public interface ReadShopperEvents {
    List<StoredEvent> recentOf(TenantId tenant, String shopperKey, int limit);

    /**
     * What recommendations need of the shopper's latest {@link RecentActivity#DEPTH} events (types, items, times),
     * compactly; the platform holds it in memory across requests.
     */
    default RecentActivity activityOf(TenantId tenant, String shopperKey) {
        return RecentActivity.of(recentOf(tenant, shopperKey, RecentActivity.DEPTH), id -> id);
    }

    /**
     * Loads the recent events of many shoppers at once, for a batch that is about to read them one by one (a
     * campaign's recipients); a hint that changes no result.
     */
    default void prefetch(TenantId tenant, Collection<String> shopperKeys) {
    }

    /**
     * Loads only the {@link #activityOf activity} of many shoppers, for a batch about to be ranked one by one (a
     * campaign's audience before its first message); a hint that changes no result.
     */
    default void prefetchActivity(TenantId tenant, Collection<String> shopperKeys) {
    }

    /**
     * {@link #prefetchActivity} off the caller's thread, for a caller with other work meanwhile (a campaign writing
     * its deliveries): a {@code prefetchActivity} of the same tenant's shoppers made before it finishes waits for
     * it rather than reading them again. Completes when the load is done (also when it failed: it is only a hint).
     */
    default java.util.concurrent.CompletableFuture<Void> prefetchActivityInBackground(TenantId tenant,
                                                                                   Collection<String> shopperKeys) {
        prefetchActivity(tenant, shopperKeys);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * Reads, off the caller's thread, the activity of the tenant's most recently active shoppers (as many as the
     * process keeps for one tenant), so that the first requests after a restart find them in memory instead of
     * each reading its shopper from the store. Once per tenant and process; later calls return at once. Only a
     * hint: completes when done, also when it failed.
     */
    default java.util.concurrent.CompletableFuture<Void> preloadActivity(TenantId tenant) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
}
