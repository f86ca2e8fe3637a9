package io.shelfwise.isolation.port.out;

import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.tenancy.TenantId;

/** The tenant's cloud identity: a role its workloads assume, allowed exactly its {@link IsolationPolicy}. */
public interface TenantIdentity {
    /**
     * Creates or updates the tenant's role (trusted only by the tenant's Kubernetes service account through the
     * cluster's OIDC provider, and by the platform's pool role for scoped access) with exactly {@code policy}.
     * Idempotent. Returns the role's ARN.
     */
    String ensure(IsolationPolicy policy);

    /** Deletes the tenant's role and its policy; a missing role is not an error. */
    void remove(TenantId tenant);
}
