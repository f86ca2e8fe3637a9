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
        return new TierPolicy(p.tier(), p.requestsPerSecond(), p.burst(), p.eventsPerMonth(), maxCatalogItems,
                p.deploymentModel(), p.endpoint(), p.resourceClass(), p.monthlyPriceUsd());
    }

    public static TierPolicy withEventsPerMonth(long eventsPerMonth) {
        TierPolicy p = standard();
        return new TierPolicy(p.tier(), p.requestsPerSecond(), p.burst(), eventsPerMonth, p.maxCatalogItems(),
                p.deploymentModel(), p.endpoint(), p.resourceClass(), p.monthlyPriceUsd());
    }

    public static TierPolicy withRate(int requestsPerSecond, int burst) {
        TierPolicy p = standard();
        return new TierPolicy(p.tier(), requestsPerSecond, burst, p.eventsPerMonth(), p.maxCatalogItems(),
                p.deploymentModel(), p.endpoint(), p.resourceClass(), p.monthlyPriceUsd());
    }
}
