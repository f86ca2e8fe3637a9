package io.shelfwise.tenancy.port.in;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TierPolicy;
import java.util.List;

/** Operator use case: look tenants up. */
public interface FindTenants {
    /** The tenant, or {@link io.shelfwise.common.NotFoundException}. */
    Tenant get(TenantId id);

    List<Tenant> list();

    TierPolicy policyOf(Tenant tenant);

    TierPolicy policyOf(io.shelfwise.tenancy.Tier tier);
}
