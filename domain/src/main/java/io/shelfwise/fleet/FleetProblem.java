package io.shelfwise.fleet;

import java.util.Locale;

/** What the fleet overview counts at the top and highlights in a tenant's row. */
public enum FleetProblem {
    /** The tenant's latest onboarding failed and waits for a retry or cancel. */
    ONBOARDING_FAILED,
    /** The active model was built longer ago than {@link FleetService#STALE_MODEL_AFTER}. */
    STALE_MODEL,
    /** Server errors over the last minutes burn the tier's error budget more than ten times as fast as allowed. */
    ERROR_SPIKE,
    /** The p99 latency of the last minutes is over the tier's promise. */
    SLOW,
    /** At least 90 % of the month's included events are used. */
    QUOTA_NEAR_LIMIT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
