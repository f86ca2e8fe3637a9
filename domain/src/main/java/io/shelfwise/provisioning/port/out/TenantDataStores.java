package io.shelfwise.provisioning.port.out;

import io.shelfwise.isolation.TenantScope;

/** The tenant's own data resources (tables, artifact prefix), created before first use. */
public interface TenantDataStores {
    /** Creates what is missing; leaves what exists. Idempotent. */
    void ensure(TenantScope scope);

    /** Deletes the tenant's data resources and everything in them. Idempotent. */
    void remove(TenantScope scope);
}
