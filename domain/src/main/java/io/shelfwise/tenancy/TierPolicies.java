package io.shelfwise.tenancy;

import io.shelfwise.tenancy.TierPolicy.DeploymentModel;
import io.shelfwise.tenancy.TierPolicy.EndpointKind;
import io.shelfwise.tenancy.TierPolicy.ResourceClass;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/** The policy of every tier; the one place that maps a tier to what it grants. */
public final class TierPolicies {
    private final Map<Tier, TierPolicy> byTier;

    public TierPolicies(Map<Tier, TierPolicy> byTier) {
        for (Tier tier : Tier.values()) {
            TierPolicy policy = byTier.get(tier);
            if (policy == null || policy.tier() != tier) {
                throw new IllegalArgumentException("missing or mismatched policy for tier " + tier);
            }
        }
        this.byTier = new EnumMap<>(byTier);
    }

    /** The catalogue we sell today (see README, "Tiers"). */
    public static TierPolicies defaults() {
        Map<Tier, TierPolicy> m = new EnumMap<>(Tier.class);
        m.put(Tier.STANDARD, new TierPolicy(Tier.STANDARD, 200, 400, 5_000_000, 50_000,
                DeploymentModel.POOLED, EndpointKind.SHARED, ResourceClass.SHARED_NODES,
                new ComputeProfile(0, 250, 512, 1_000, 2_048, false), new BigDecimal("499")));
        m.put(Tier.PREMIUM, new TierPolicy(Tier.PREMIUM, 1_000, 2_000, 50_000_000, 500_000,
                DeploymentModel.SILOED, EndpointKind.DEDICATED, ResourceClass.DEDICATED_NODE_GROUP,
                new ComputeProfile(2, 1_000, 2_048, 4_000, 8_192, false), new BigDecimal("2499")));
        m.put(Tier.ENTERPRISE, new TierPolicy(Tier.ENTERPRISE, 5_000, 10_000, 500_000_000, 5_000_000,
                DeploymentModel.SILOED, EndpointKind.DEDICATED, ResourceClass.DEDICATED_NODE_GROUP_GUARANTEED,
                new ComputeProfile(3, 2_000, 4_096, 12_000, 24_576, true), new BigDecimal("9999")));
        return new TierPolicies(m);
    }

    public TierPolicy of(Tier tier) {
        return byTier.get(tier);
    }

    /** A copy with one tier's policy replaced (used by config overrides and tests). */
    public TierPolicies with(TierPolicy policy) {
        Map<Tier, TierPolicy> m = new EnumMap<>(byTier);
        m.put(policy.tier(), policy);
        return new TierPolicies(m);
    }
}
