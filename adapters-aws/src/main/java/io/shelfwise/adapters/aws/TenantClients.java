package io.shelfwise.adapters.aws;

import io.shelfwise.tenancy.TenantId;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One SDK client per tenant, built on first use and reused, e.g. a DynamoDB client signing with the tenant's
 * {@link StsTenantCredentials#provider scoped credentials}. Build them on one shared HTTP client: closing an SDK
 * client leaves an HTTP client it was given open.
 */
public final class TenantClients<C extends SdkAutoCloseable> implements Function<TenantId, C>, AutoCloseable {
    private final Function<TenantId, C> factory;
    private final Map<TenantId, C> clients = new ConcurrentHashMap<>();

    public TenantClients(Function<TenantId, C> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public C apply(TenantId tenant) {
        return clients.computeIfAbsent(tenant, factory);
    }

    @Override
    public void close() {
        clients.values().forEach(SdkAutoCloseable::close);
        clients.clear();
    }
}
