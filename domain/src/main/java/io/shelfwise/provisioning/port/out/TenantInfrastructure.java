package io.shelfwise.provisioning.port.out;

import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.tenancy.TenantId;

/** The tenant's runtime footprint (on Kubernetes: namespace, quotas, policies, service account, workloads). */
public interface TenantInfrastructure {
    /**
     * Creates or updates every object {@code placement} needs and deletes the tenant's objects it no longer
     * needs (e.g. the dedicated Deployment after a move to a pooled tier). Idempotent.
     */
    void apply(TenantPlacement placement);

    /** Deletes every object of the tenant. Idempotent. */
    void remove(TenantId tenant);

    /**
     * The base URL of the tenant's own endpoint when it has one apart from the process asking (a siloed tenant's
     * dedicated host on a cluster); empty when this process serves it.
     */
    default java.util.Optional<String> dedicatedEndpoint(TenantId tenant, boolean siloed) {
        return java.util.Optional.empty();
    }
}
