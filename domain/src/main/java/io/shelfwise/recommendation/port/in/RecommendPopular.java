package io.shelfwise.recommendation.port.in;

import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.tenancy.TenantId;

/** Tenant use case: the store's popular, in-stock items. */
public interface RecommendPopular {
    Recommendations popular(TenantId tenant, int limit);
}
