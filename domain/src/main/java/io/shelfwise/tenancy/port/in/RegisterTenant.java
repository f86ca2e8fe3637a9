package io.shelfwise.tenancy.port.in;

import io.shelfwise.tenancy.Tenant;

/** Operator use case: add a new tenant to the platform. */
public interface RegisterTenant {
    Tenant register(RegisterTenantCommand command);
}
