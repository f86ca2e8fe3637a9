package io.shelfwise.tenancy.port.out;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.Optional;

/** Where tenants are kept. */
public interface TenantRepository {
    /** Stores a new tenant; returns false when the id is taken. */
    boolean insert(Tenant tenant);

    void update(Tenant tenant);

    Optional<Tenant> find(TenantId id);

    List<Tenant> list();
}
