package io.shelfwise.fleet;

import io.shelfwise.tenancy.Tenant;
import java.time.Instant;
import java.util.Set;

/**
 * One tenant at a glance.
 *
 * @param onboarding        the latest onboarding, if any
 * @param traffic           the last {@link FleetService#RECENT} of requests
 * @param eventsLastDay     events accepted over the last 24 hours
 * @param activeShoppers    distinct shoppers this month, or null until first counted (in the background)
 * @param model             the active model, if any (as of at most {@link FleetService#FACTS_TTL} ago)
 * @param eventsUsed        events this month
 * @param eventsIncluded    the tier's monthly quota
 */
public record FleetRow(Tenant tenant, OnboardingStatus onboarding, TenantTelemetry.Traffic traffic,
                       long eventsLastDay, Long activeShoppers, ModelInfo model, long eventsUsed,
                       long eventsIncluded, Set<FleetProblem> problems) {
    public FleetRow {
        problems = Set.copyOf(problems);
    }

    /** Where the tenant's latest onboarding stands. */
    public record OnboardingStatus(String id, String state, String step, int stepsDone, int steps) {
    }

    /**
     * The active model in brief.
     *
     * @param metric         the gate's metric (e.g. ndcg@20)
     * @param score          the model's score on it
     * @param opponentScore  what it was measured against
     */
    public record ModelInfo(int version, Instant createdAt, Instant trainedUntil, String metric, double score,
                            String opponent, double opponentScore) {
    }
}
