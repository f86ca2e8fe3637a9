package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.config.Config;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.registry.TrainingSummary;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tenants a deployment's scheduled retraining trains (every 24 h by default). */
class ScheduledTrainingTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Settings POOL = Settings.from(Config.empty(), Map.of());
    private static final Settings ACME_PODS = Settings.from(Config.empty(), Map.of("SHELFWISE_TENANT", "acme"));

    private static Tenant tenant(String id, Tier tier, TenantState state) {
        return new Tenant(new TenantId(id), id, tier, state, NOW.minus(Duration.ofDays(30)));
    }

    private static ModelVersion trainedAt(Instant at) {
        return new ModelVersion(1, ModelVersion.Status.ACTIVE, at, at.minus(Duration.ofDays(7)),
                new TrainingSummary(1, 1, 1, 1, 32, 10, 1.0, Duration.ZERO),
                new GateResult("popularity", "m", 1, 0.5, 0.02, true, "led", List.of()));
    }

    @Test
    void the_pool_trains_its_pooled_tenants_and_siloed_ones_only_when_they_have_no_pods_of_their_own() {
        Tenant standard = tenant("shop", Tier.STANDARD, TenantState.ACTIVE);
        Tenant premium = tenant("acme", Tier.PREMIUM, TenantState.ACTIVE);
        assertTrue(Platform.dueForTraining(standard, POOL, true, List::of, NOW));
        assertFalse(Platform.dueForTraining(premium, POOL, true, List::of, NOW), "trained in its own pods");
        assertTrue(Platform.dueForTraining(premium, POOL, false, List::of, NOW), "embedded: one process serves all");
    }

    @Test
    void a_siloed_tenants_own_deployment_trains_only_that_tenant() {
        assertTrue(Platform.dueForTraining(tenant("acme", Tier.PREMIUM, TenantState.ACTIVE), ACME_PODS, true,
                List::of, NOW));
        assertFalse(Platform.dueForTraining(tenant("shop", Tier.STANDARD, TenantState.ACTIVE), ACME_PODS, true,
                List::of, NOW));
    }

    @Test
    void inactive_tenants_and_tenants_another_replica_trained_recently_are_left_alone() {
        Tenant shop = tenant("shop", Tier.STANDARD, TenantState.ACTIVE);
        assertFalse(Platform.dueForTraining(tenant("gone", Tier.STANDARD, TenantState.SUSPENDED), POOL, true,
                List::of, NOW));
        assertFalse(Platform.dueForTraining(shop, POOL, true, () -> List.of(trainedAt(NOW.minus(Duration.ofHours(3)))),
                NOW), "a model 3 h old is within half the 24 h interval");
        assertTrue(Platform.dueForTraining(shop, POOL, true, () -> List.of(trainedAt(NOW.minus(Duration.ofHours(13)))),
                NOW));
    }
}
