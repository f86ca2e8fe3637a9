package io.shelfwise.adapters.sql;

import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.ApiKeyRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** API keys (hashes only) in the {@code api_keys} table. */
public final class JdbiApiKeyRepository implements ApiKeyRepository {
    private static final RowMapper<ApiKey> MAPPER = (rs, ctx) -> new ApiKey(
            new ApiKeyId(rs.getString("id")),
            new TenantId(rs.getString("tenant_id")),
            rs.getString("label"),
            rs.getString("secret_hash"),
            SqlDatabase.instant(rs, "created_at"),
            SqlDatabase.instant(rs, "expires_at"),
            SqlDatabase.instant(rs, "revoked_at"));

    private final SqlDatabase db;

    public JdbiApiKeyRepository(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void insert(ApiKey key) {
        db.jdbi().useHandle(h -> h.createUpdate(
                        "INSERT INTO api_keys (id, tenant_id, label, secret_hash, created_at, expires_at, revoked_at) "
                                + "VALUES (:id, :tenant, :label, :hash, :created, :expires, :revoked)")
                .bind("id", key.id().value())
                .bind("tenant", key.tenantId().value())
                .bind("label", key.label())
                .bind("hash", key.secretHash())
                .bind("created", SqlDatabase.utc(key.createdAt()))
                .bind("expires", SqlDatabase.utc(key.expiresAt()))
                .bind("revoked", SqlDatabase.utc(key.revokedAt()))
                .execute());
    }

    @Override
    public void update(ApiKey key) {
        db.jdbi().useHandle(h -> h.createUpdate(
                        "UPDATE api_keys SET label = :label, expires_at = :expires, revoked_at = :revoked "
                                + "WHERE id = :id AND tenant_id = :tenant")
                .bind("id", key.id().value())
                .bind("tenant", key.tenantId().value())
                .bind("label", key.label())
                .bind("expires", SqlDatabase.utc(key.expiresAt()))
                .bind("revoked", SqlDatabase.utc(key.revokedAt()))
                .execute());
    }

    @Override
    public Optional<ApiKey> find(ApiKeyId id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM api_keys WHERE id = :id")
                .bind("id", id.value()).map(MAPPER).findOne());
    }

    @Override
    public List<ApiKey> listFor(TenantId tenant) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT * FROM api_keys WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenant.value()).map(MAPPER).list());
    }
}
