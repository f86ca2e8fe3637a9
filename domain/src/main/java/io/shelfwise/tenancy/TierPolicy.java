package io.shelfwise.tenancy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a tier grants, as data: throttling, quotas, placement and price all read this, never the tier's name.
 *
 * @param requestsPerSecond sustained tenant API requests per second
 * @param burst             requests allowed at once above the sustained rate
 * @param eventsPerMonth    shopper events accepted per calendar month (UTC)
 * @param maxCatalogItems   items the tenant's catalog may hold
 */
public record TierPolicy(
        Tier tier,
        int requestsPerSecond,
        int burst,
        long eventsPerMonth,
        int maxCatalogItems,
        DeploymentModel deploymentModel,
        EndpointKind endpoint,
        ResourceClass resourceClass,
        ComputeProfile compute,
        BigDecimal monthlyPriceUsd) {

    /** Whether the tenant shares the pool's processes or runs in its own. */
    public enum DeploymentModel { POOLED, SILOED }

    /** Whether the tenant is served on the shared endpoint or a dedicated one. */
    public enum EndpointKind { SHARED, DEDICATED }

    /** Where the tenant's workloads run. */
    public enum ResourceClass { SHARED_NODES, DEDICATED_NODE_GROUP, DEDICATED_NODE_GROUP_GUARANTEED }

    public TierPolicy {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(deploymentModel, "deploymentModel");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(resourceClass, "resourceClass");
        Objects.requireNonNull(compute, "compute");
        Objects.requireNonNull(monthlyPriceUsd, "monthlyPriceUsd");
        if ((deploymentModel == DeploymentModel.POOLED) != (compute.replicas() == 0)) {
            throw new IllegalArgumentException("a pooled tier runs no replicas of its own, a siloed one does: " + tier);
        }
        if (requestsPerSecond < 1 || burst < 1 || eventsPerMonth < 1 || maxCatalogItems < 1) {
            throw new IllegalArgumentException("tier limits must be positive: " + tier);
        }
    }

    /** This policy with other rate and quota limits (placement and price unchanged). */
    public TierPolicy withLimits(int newRequestsPerSecond, int newBurst, long newEventsPerMonth,
                                 int newMaxCatalogItems) {
        return new TierPolicy(tier, newRequestsPerSecond, newBurst, newEventsPerMonth, newMaxCatalogItems,
                deploymentModel, endpoint, resourceClass, compute, monthlyPriceUsd);
    }
}
