package io.shelfwise.tenancy.port.in;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;

/** Operator use case: suspend, reactivate or offboard a tenant, and rename it. */
public interface ChangeTenantState {
    /**
     * Applies a new state and/or display name (either may be null) all at once: when any part is refused,
     * nothing changes.
     */
    Tenant update(TenantId id, TenantState newState, String newDisplayName);

    /** Records the tenant's new tier; provisioning the new placement is the caller's job, done before this. */
    Tenant moveToTier(TenantId id, io.shelfwise.tenancy.Tier tier);

    default Tenant change(TenantId id, TenantState newState) {
        return update(id, newState, null);
    }

    default Tenant rename(TenantId id, String displayName) {
        return update(id, null, displayName);
    }
}
