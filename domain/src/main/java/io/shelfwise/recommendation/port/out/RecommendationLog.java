package io.shelfwise.recommendation.port.out;

import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.tenancy.TenantId;
import java.util.Optional;

/** The tenant's log of served recommendation lists (DynamoDB table {@code <prefix>-<tenant>-rec-log} on AWS). */
public interface RecommendationLog {
    void append(TenantId tenant, RecommendationLogEntry entry);

    /** Appends several entries of one tenant; stores that can write a batch at once override this. */
    default void appendAll(TenantId tenant, java.util.List<RecommendationLogEntry> entries) {
        entries.forEach(entry -> append(tenant, entry));
    }

    /**
     * Appends the entries of several tenants. A store whose tenants share one table writes them together (one
     * commit, where one per tenant made a process serving 1,000 tenants commit hundreds of times a second); one
     * that keeps each tenant apart writes them tenant by tenant, as this default does. Either way every tenant's
     * entries are attempted: a failure of one tenant's does not drop another's, and the tenants whose entries could
     * not be written are returned, each with its failure.
     */
    default java.util.Map<TenantId, RuntimeException> appendAll(
            java.util.Map<TenantId, java.util.List<RecommendationLogEntry>> byTenant) {
        java.util.Map<TenantId, RuntimeException> failed = new java.util.LinkedHashMap<>();
        byTenant.forEach((tenant, entries) -> {
            try {
                appendAll(tenant, entries);
            } catch (RuntimeException e) {
                failed.put(tenant, e);
            }
        });
        return failed;
    }

    Optional<RecommendationLogEntry> find(TenantId tenant, String recommendationId);
}
