package io.shelfwise.rollout;

import io.shelfwise.tenancy.Tier;
import java.util.Locale;

/** The order a rollout reaches the fleet in: the canaries named in the request, then each tier's tenants. */
public enum Wave {
    CANARY, STANDARD, PREMIUM, ENTERPRISE;

    public static Wave of(Tier tier) {
        return switch (tier) {
            case STANDARD -> STANDARD;
            case PREMIUM -> PREMIUM;
            case ENTERPRISE -> ENTERPRISE;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
