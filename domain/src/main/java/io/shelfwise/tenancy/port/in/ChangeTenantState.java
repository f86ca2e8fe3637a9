package io.shelfwise.tenancy.port.in;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;

/** Operator use case: suspend, reactivate or offboard a tenant, and rename it. */
public interface ChangeTenantState {
    Tenant change(TenantId id, TenantState newState);

    Tenant rename(TenantId id, String displayName);
}
