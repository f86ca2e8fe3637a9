package io.shelfwise.testing;

import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.ApiKeyRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ApiKeyRepository} in a map that also remembers every key it was handed, so tests can prove a secret
 * never reached storage.
 */
public final class InMemoryApiKeyRepository implements ApiKeyRepository {
    private final Map<ApiKeyId, ApiKey> keys = new HashMap<>();
    private final List<ApiKey> received = new ArrayList<>();

    @Override
    public synchronized void insert(ApiKey key) {
        received.add(key);
        if (keys.putIfAbsent(key.id(), key) != null) {
            throw new IllegalStateException("duplicate key id " + key.id());
        }
    }

    @Override
    public synchronized void update(ApiKey key) {
        received.add(key);
        if (keys.replace(key.id(), key) == null) {
            throw new IllegalStateException("update of unknown key " + key.id());
        }
    }

    @Override
    public synchronized Optional<ApiKey> find(ApiKeyId id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public synchronized List<ApiKey> listFor(TenantId tenant) {
        return keys.values().stream()
                .filter(k -> k.tenantId().equals(tenant))
                .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(k -> k.id().value()))
                .toList();
    }

    /** Every key value passed to {@link #insert} or {@link #update}, in call order. */
    public synchronized List<ApiKey> received() {
        return List.copyOf(received);
    }
}
