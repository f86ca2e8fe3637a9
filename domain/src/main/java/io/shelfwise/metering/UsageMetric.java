package io.shelfwise.metering;

import java.util.Locale;

/** What is metered per tenant and billing period. */
public enum UsageMetric {
    /** Recommendation lists served. */
    RECOMMENDATION_REQUESTS,
    /** New shopper events accepted (retries of stored events are not counted). */
    EVENTS_ACCEPTED,
    /** Distinct shoppers (user or anonymous id) with at least one event in the period. */
    ACTIVE_SHOPPERS,
    /** Models trained for the tenant. */
    MODELS_TRAINED;

    /** The name used in storage, JSON and CSV. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
