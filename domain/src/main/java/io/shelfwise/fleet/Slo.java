package io.shelfwise.fleet;

import io.shelfwise.tenancy.Tier;

/**
 * What each tier is promised, as data: the share of requests answered without a server error and the p99 latency
 * of the tenant API. The console flags a tenant whose last minutes break its tier's promise.
 */
public record Slo(Tier tier, double availability, double p99Millis) {
    public static Slo of(Tier tier) {
        return switch (tier) {
            case STANDARD -> new Slo(tier, 0.995, 300);
            case PREMIUM -> new Slo(tier, 0.999, 200);
            case ENTERPRISE -> new Slo(tier, 0.9995, 100);
        };
    }

    /** The share of requests that may fail before the promise is broken. */
    public double errorBudget() {
        // In decimal, so that 99.5 % leaves 0.005 and not 0.0050000000000000044.
        return java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(availability)).doubleValue();
    }
}
