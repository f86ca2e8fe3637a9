package io.shelfwise.tenancy.port.in;

import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.IssuedApiKey;
import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.util.List;

/** Operator use case: issue, list, rotate and revoke a tenant's API keys. */
public interface ManageApiKeys {
    IssuedApiKey issue(TenantId tenant, String label);

    List<ApiKey> list(TenantId tenant);

    /** Issues a replacement with the same label; the old key keeps working for {@code grace}, then stops. */
    IssuedApiKey rotate(TenantId tenant, ApiKeyId key, Duration grace);

    void revoke(TenantId tenant, ApiKeyId key);
}
