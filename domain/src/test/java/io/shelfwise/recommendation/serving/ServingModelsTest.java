package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelRegistryTest;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.InMemoryModelArtifacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServingModelsTest {
    private static final TenantId SHOP = new TenantId("shop-a");

    private final InMemoryModelArtifacts artifacts = new InMemoryModelArtifacts();
    private final ModelRegistry registry = new ModelRegistry(artifacts);
    private final MutableClock clock = new MutableClock();
    private final List<Runnable> background = new ArrayList<>();
    private final ServingModels serving = new ServingModels(registry, clock, Duration.ofSeconds(5), background::add);

    @Test
    void a_promotion_made_by_another_replica_is_picked_up_by_the_next_background_check() {
        registry.add(SHOP, ModelRegistryTest.version(1, true), ModelRegistryTest.model(1));
        assertTrue(serving.current(SHOP).isEmpty());
        new ModelRegistry(artifacts).promote(SHOP, 1);

        assertTrue(serving.current(SHOP).isEmpty(), "checked at most every 5 s");
        clock.now = clock.now.plusSeconds(5);
        assertTrue(serving.current(SHOP).isEmpty(), "the check runs in the background, not on the request");
        assertEquals(1, background.size());
        serving.current(SHOP);
        assertEquals(1, background.size(), "one check at a time per tenant");
        background.removeFirst().run();
        assertEquals(1, serving.current(SHOP).orElseThrow().version());
    }

    @Test
    void a_model_that_fails_to_load_leaves_the_current_one_serving() {
        registry.add(SHOP, ModelRegistryTest.version(1, true), ModelRegistryTest.model(1));
        registry.add(SHOP, ModelRegistryTest.version(2, true), ModelRegistryTest.model(2));
        registry.promote(SHOP, 1);
        assertEquals(1, serving.reload(SHOP).orElseThrow().version());
        registry.promote(SHOP, 2);
        artifacts.delete(SHOP, ModelVersion.artifactOf(2));

        assertEquals(1, serving.reload(SHOP).orElseThrow().version());
        assertEquals(1f, serving.current(SHOP).orElseThrow().model().factors().itemVectors()[0]);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
