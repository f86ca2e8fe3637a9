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

    Optional<RecommendationLogEntry> find(TenantId tenant, String recommendationId);
}
