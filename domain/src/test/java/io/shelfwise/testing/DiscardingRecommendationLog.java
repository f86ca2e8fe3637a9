package io.shelfwise.testing;

import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.recommendation.port.out.RecommendationLog;
import io.shelfwise.tenancy.TenantId;
import java.util.Optional;

/** A recommendation log that keeps nothing, for tests of serving that do not look at attribution. */
public final class DiscardingRecommendationLog implements RecommendationLog {
    @Override
    public void append(TenantId tenant, RecommendationLogEntry entry) {
    }

    @Override
    public Optional<RecommendationLogEntry> find(TenantId tenant, String recommendationId) {
        return Optional.empty();
    }
}
