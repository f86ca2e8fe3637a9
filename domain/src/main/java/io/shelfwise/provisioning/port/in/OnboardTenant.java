package io.shelfwise.provisioning.port.in;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;

/** Operator use case: register a tenant and give it everything its tier needs, then serve it. */
public interface OnboardTenant {
    Tenant onboard(RegisterTenantCommand command);
}
