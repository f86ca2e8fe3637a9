package io.shelfwise.testing;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantRepository;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link TenantRepository} in a map, for domain tests. */
public final class InMemoryTenantRepository implements TenantRepository {
    private final Map<TenantId, Tenant> tenants = new HashMap<>();

    @Override
    public synchronized boolean insert(Tenant tenant) {
        return tenants.putIfAbsent(tenant.id(), tenant) == null;
    }

    @Override
    public synchronized void update(Tenant tenant) {
        if (tenants.replace(tenant.id(), tenant) == null) {
            throw new IllegalStateException("update of unknown tenant " + tenant.id());
        }
    }

    @Override
    public synchronized Optional<Tenant> find(TenantId id) {
        return Optional.ofNullable(tenants.get(id));
    }

    @Override
    public synchronized List<Tenant> list() {
        return tenants.values().stream().sorted(Comparator.comparing(t -> t.id().value())).toList();
    }
}
