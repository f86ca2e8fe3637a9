package io.shelfwise.tenancy;

import java.util.Objects;

/** An authenticated caller: the tenant its key belongs to, that tenant's policy, and which key it used. */
public record TenantAccess(Tenant tenant, TierPolicy policy, ApiKeyId keyId) {
    public TenantAccess {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(keyId, "keyId");
    }

    public TenantId tenantId() {
        return tenant.id();
    }
}
