package io.shelfwise.provisioning.port.in;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;

/** Operator use case: stop serving a tenant and delete its infrastructure, data stores and identity. */
public interface OffboardTenant {
    Tenant offboard(TenantId tenant);
}
