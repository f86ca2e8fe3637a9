package io.shelfwise.adapters.local;

import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.tenancy.TenantId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embedded mode serves every tenant from this one process, whatever its tier: there is nothing to create, so
 * this keeps each tenant's current placement, which the fleet view shows.
 */
public final class InProcessTenantInfrastructure implements TenantInfrastructure {
    private final Map<TenantId, TenantPlacement> placements = new ConcurrentHashMap<>();

    @Override
    public void apply(TenantPlacement placement) {
        placements.put(placement.tenant(), placement);
    }

    @Override
    public void remove(TenantId tenant) {
        placements.remove(tenant);
    }

    public Optional<TenantPlacement> placementOf(TenantId tenant) {
        return Optional.ofNullable(placements.get(tenant));
    }
}
