package io.shelfwise.provisioning.port.in;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;

/** Operator use case: move a tenant to another tier (placement first, then traffic, then cleanup). */
public interface ChangeTier {
    Tenant changeTier(TenantId tenant, Tier tier);
}
