package io.shelfwise.testing;

import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import io.shelfwise.tenancy.TierPolicy;

/** Standard-tier policies with one limit shrunk, so a test can reach a tier limit in a handful of calls. */
public final class TestPolicies {
    private TestPolicies() {
    }

    public static TierPolicy standard() {
        return TierPolicies.defaults().of(Tier.STANDARD);
    }

    public static TierPolicy withMaxCatalogItems(int maxCatalogItems) {
        TierPolicy p = standard();
        return p.withLimits(p.requestsPerSecond(), p.burst(), p.eventsPerMonth(), maxCatalogItems);
    }

    public static TierPolicy withEventsPerMonth(long eventsPerMonth) {
        TierPolicy p = standard();
        return p.withLimits(p.requestsPerSecond(), p.burst(), eventsPerMonth, p.maxCatalogItems());
    }

    public static TierPolicy withRate(int requestsPerSecond, int burst) {
        TierPolicy p = standard();
        return p.withLimits(requestsPerSecond, burst, p.eventsPerMonth(), p.maxCatalogItems());
    }
}
