package io.shelfwise.recommendation.port.in;

import io.shelfwise.recommendation.RecommendationSettings;
import io.shelfwise.tenancy.TenantId;

/** Tenant use case: read and change the defaults every surface applies ({@link RecommendationSettings}). */
public interface ConfigureRecommendations {
    RecommendationSettings settings(TenantId tenant);

    RecommendationSettings update(TenantId tenant, RecommendationSettings settings);
}
