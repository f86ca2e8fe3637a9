package io.shelfwise.adapters.sql;

import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.port.out.TenantRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Tenants in the {@code tenants} table. */
public final class JdbiTenantRepository implements TenantRepository {
    private static final RowMapper<Tenant> MAPPER = (rs, ctx) -> new Tenant(
            new TenantId(rs.getString("id")),
            rs.getString("display_name"),
            Tier.valueOf(rs.getString("tier")),
            TenantState.valueOf(rs.getString("state")),
            SqlDatabase.instant(rs, "created_at"));

    private final SqlDatabase db;

    public JdbiTenantRepository(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public boolean insert(Tenant tenant) {
        return db.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM tenants WHERE id = :id")
                    .bind("id", tenant.id().value()).mapTo(Integer.class).one() > 0) {
                return false;
            }
            h.createUpdate("INSERT INTO tenants (id, display_name, tier, state, created_at) "
                            + "VALUES (:id, :name, :tier, :state, :created)")
                    .bind("id", tenant.id().value())
                    .bind("name", tenant.displayName())
                    .bind("tier", tenant.tier().name())
                    .bind("state", tenant.state().name())
                    .bind("created", SqlDatabase.utc(tenant.createdAt()))
                    .execute();
            return true;
        });
    }

    @Override
    public void update(Tenant tenant) {
        db.jdbi().useHandle(h -> h.createUpdate(
                        "UPDATE tenants SET display_name = :name, tier = :tier, state = :state WHERE id = :id")
                .bind("id", tenant.id().value())
                .bind("name", tenant.displayName())
                .bind("tier", tenant.tier().name())
                .bind("state", tenant.state().name())
                .execute());
    }

    @Override
    public Optional<Tenant> find(TenantId id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM tenants WHERE id = :id")
                .bind("id", id.value()).map(MAPPER).findOne());
    }

    @Override
    public List<Tenant> list() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM tenants ORDER BY id").map(MAPPER).list());
    }

}
