package io.shelfwise.testing;

import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.TierPolicy;
import java.time.Instant;

/** An already authenticated caller of an active tenant, for use cases that start after authentication. */
public final class TestAccess {
    private TestAccess() {
    }

    public static TenantAccess of(String tenantId) {
        return of(tenantId, TestPolicies.standard());
    }

    public static TenantAccess of(String tenantId, TierPolicy policy) {
        Tenant tenant = new Tenant(new TenantId(tenantId), "Store " + tenantId, policy.tier(), TenantState.ACTIVE,
                Instant.parse("2026-01-01T00:00:00Z"));
        return new TenantAccess(tenant, policy, new ApiKeyId("key_0000000000000000"));
    }
}
