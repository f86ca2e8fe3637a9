package io.shelfwise.provisioning.port.in;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;

/** Operator use case: register a tenant and give it everything its tier needs, then serve it. */
public interface OnboardTenant {
    /** Onboards a new tenant; the same command again finishes an onboarding that failed half-way. */
    Tenant onboard(RegisterTenantCommand command);

    /** Serves a tenant again: finishes its onboarding if it never completed, else reactivates it. */
    Tenant activate(io.shelfwise.tenancy.TenantId tenant);
}
