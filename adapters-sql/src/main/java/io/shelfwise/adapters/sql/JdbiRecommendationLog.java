package io.shelfwise.adapters.sql;

import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.recommendation.port.out.RecommendationLog;
import io.shelfwise.tenancy.TenantId;
import java.util.Optional;

/** The recommendation log in {@code recommendation_log}, one row per served list. */
public final class JdbiRecommendationLog implements RecommendationLog {
    private final SqlDatabase db;

    public JdbiRecommendationLog(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void append(TenantId tenant, RecommendationLogEntry entry) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO recommendation_log (tenant_id, recommendation_id, "
                        + "surface, user_id, item_ids, served_at) VALUES (:tenant, :id, :surface, :user, :items, :at)")
                .bind("tenant", tenant.value())
                .bind("id", entry.recommendationId())
                .bind("surface", entry.surface())
                .bind("user", entry.userId())
                .bind("items", JsonColumns.write(entry.itemIds()))
                .bind("at", SqlDatabase.utc(entry.servedAt()))
                .execute());
    }

    @Override
    public void appendAll(TenantId tenant, java.util.List<RecommendationLogEntry> entries) {
        appendAllTogether(java.util.Map.of(tenant, entries));
    }

    /**
     * Every tenant's entries in one transaction (the tenants share the table). Should the database refuse a row (a
     * tenant removed meanwhile, whose rows its foreign key refuses: an integrity violation, SQLState class 23), each
     * tenant's entries are written again on their own, so that one tenant's failure does not drop the others'. Any
     * other failure (the database unreachable) fails the batch at once rather than trying each tenant in turn.
     */
    @Override
    public java.util.Map<TenantId, RuntimeException> appendAll(
            java.util.Map<TenantId, java.util.List<RecommendationLogEntry>> byTenant) {
        if (byTenant.isEmpty()) {
            return java.util.Map.of();
        }
        try {
            appendAllTogether(byTenant);
            return java.util.Map.of();
        } catch (RuntimeException together) {
            if (byTenant.size() == 1 || !refusedRow(together)) {
                java.util.Map<TenantId, RuntimeException> failed = new java.util.LinkedHashMap<>();
                byTenant.keySet().forEach(tenant -> failed.put(tenant, together));
                return failed;
            }
            return RecommendationLog.super.appendAll(byTenant);
        }
    }

    /** Whether {@code e} comes from the database refusing a row (an integrity constraint: SQLState class 23). */
    private static boolean refusedRow(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private void appendAllTogether(java.util.Map<TenantId, java.util.List<RecommendationLogEntry>> byTenant) {
        db.jdbi().useTransaction(h -> {
            org.jdbi.v3.core.statement.PreparedBatch batch = h.prepareBatch("INSERT INTO recommendation_log "
                    + "(tenant_id, recommendation_id, surface, user_id, item_ids, served_at) "
                    + "VALUES (:tenant, :id, :surface, :user, :items, :at)");
            byTenant.forEach((tenant, entries) -> {
                for (RecommendationLogEntry entry : entries) {
                    batch.bind("tenant", tenant.value())
                            .bind("id", entry.recommendationId())
                            .bind("surface", entry.surface())
                            .bind("user", entry.userId())
                            .bind("items", JsonColumns.write(entry.itemIds()))
                            .bind("at", SqlDatabase.utc(entry.servedAt()))
                            .add();
                }
            });
            batch.execute();
        });
    }

    @Override
    public Optional<RecommendationLogEntry> find(TenantId tenant, String recommendationId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM recommendation_log "
                        + "WHERE tenant_id = :tenant AND recommendation_id = :id")
                .bind("tenant", tenant.value())
                .bind("id", recommendationId)
                .map((rs, ctx) -> new RecommendationLogEntry(rs.getString("recommendation_id"),
                        rs.getString("surface"), rs.getString("user_id"), JsonColumns.list(rs.getString("item_ids")),
                        SqlDatabase.instant(rs, "served_at")))
                .findOne());
    }
}
