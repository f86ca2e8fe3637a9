package io.shelfwise.tenancy.port.out;

import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.Optional;

/** Where API keys (their hashes, never their secrets) are kept. */
public interface ApiKeyRepository {
    void insert(ApiKey key);

    void update(ApiKey key);

    Optional<ApiKey> find(ApiKeyId id);

    List<ApiKey> listFor(TenantId tenant);
}
