package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelRegistryTest;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.InMemoryModelArtifacts;
import io.shelfwise.testing.MapTenantCaches;
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
    private final MapTenantCaches caches = new MapTenantCaches();
    private final ServingModels serving = new ServingModels(registry, clock, Duration.ofSeconds(5), background::add,
            caches, 256L << 20, Duration.ofHours(1));

    @Test
    void an_evicted_model_is_loaded_again_on_the_next_read_and_weighs_what_it_holds() {
        registry.add(SHOP, ModelRegistryTest.version(1, true), ModelRegistryTest.model(1));
        registry.promote(SHOP, 1);
        ServingModels.Served first = serving.current(SHOP).orElseThrow();
        assertTrue(first.bytes() > 0);
        assertEquals(first.bytes(), caches.stats("models").weight(), "weighed with the model it holds");

        caches.evictAll();
        ServingModels.Served again = serving.current(SHOP).orElseThrow();
        assertEquals(1, again.version(), "the same version, read again from the registry");
        assertTrue(again != first, "a fresh load, not the evicted object");
        assertEquals(first.ranker().items(), again.ranker().items());
        for (int i = 0; i < first.ranker().items().size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(first.ranker().vector(i), again.ranker().vector(i));
        }
        assertEquals(2, caches.stats("models").loads());
    }

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
        assertEquals(1f, serving.current(SHOP).orElseThrow().ranker().vector(0)[0]);
    }

    @Test
    void without_an_active_model_a_surface_serves_bestsellers_where_the_newest_evaluation_found_them_better() {
        assertEquals(GateResult.Choice.COOCCURRENCE, serving.choiceWithoutModel(SHOP, Surface.HOME),
                "before any evaluation: co-occurrence");
        ModelVersion v1 = ModelRegistryTest.version(1, false);
        GateResult gate = new GateResult("popularity", v1.gate().metric(), 0.1, 0.2, 0.02, false, "rejected",
                List.of(new EvaluationReport("candidate", Surface.HOME, 20, 10, 0.1, 0.1, 0.1, 0.1),
                        new EvaluationReport("opponent", Surface.HOME, 20, 10, 0.3, 0.2, 0.2, 0.01),
                        new EvaluationReport("cooccurrence", Surface.HOME, 20, 10, 0.2, 0.15, 0.1, 0.3),
                        new EvaluationReport("opponent", Surface.CART, 20, 10, 0.1, 0.05, 0.05, 0.01),
                        new EvaluationReport("cooccurrence", Surface.CART, 20, 10, 0.3, 0.2, 0.2, 0.3)));
        registry.add(SHOP, new ModelVersion(1, ModelVersion.Status.REJECTED, v1.createdAt(), v1.trainedUntil(),
                v1.training(), gate), ModelRegistryTest.model(1));
        serving.reload(SHOP);

        assertTrue(serving.current(SHOP).isEmpty(), "a rejected candidate never serves");
        assertEquals(GateResult.Choice.POPULARITY, serving.choiceWithoutModel(SHOP, Surface.HOME));
        assertEquals(GateResult.Choice.COOCCURRENCE, serving.choiceWithoutModel(SHOP, Surface.CART));
        assertEquals(GateResult.Choice.COOCCURRENCE, serving.choiceWithoutModel(SHOP, Surface.SIMILAR),
                "not measured: co-occurrence");
        assertEquals(GateResult.Choice.COOCCURRENCE, serving.choiceWithoutModel(new TenantId("other"), Surface.HOME));
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

    @Test
    void a_served_model_holds_the_ids_the_tenant_map_gives_it_and_no_shopper_vectors() {
        ModelRegistry registry = new ModelRegistry(new InMemoryModelArtifacts());
        io.shelfwise.recommendation.ranking.FactorModel withShopper = new io.shelfwise.recommendation.ranking
                .FactorModel(new io.shelfwise.recommendation.ranking.LearnedFactors(1,
                List.of(new io.shelfwise.catalog.ItemId("x")), new float[] {1}, List.of("u-1"), new float[] {0.5f}),
                10, 0.03);
        registry.add(SHOP, ModelRegistryTest.version(1, true), withShopper);
        registry.promote(SHOP, 1);
        io.shelfwise.catalog.ItemId catalogs = new io.shelfwise.catalog.ItemId("x");
        ServingModels shared = new ServingModels(registry, Clock.systemUTC(), Duration.ofDays(1), Runnable::run,
                new MapTenantCaches(), 64L << 20, Duration.ofHours(1),
                tenant -> id -> id.equals(catalogs) ? catalogs : id);
        ServingModels.Served served = shared.current(SHOP).orElseThrow();
        assertTrue(served.ranker().items().getFirst() == catalogs, "the catalog's instance, not the decoded copy");
        assertEquals(0, served.ranker().positions(List.of(new io.shelfwise.catalog.ItemId("x")))[0],
                "found by an equal id");
        assertEquals(0, served.ranker().positions(List.of(new io.shelfwise.catalog.ItemId("y"))).length,
                "an id the model does not hold");
        assertEquals(1f, served.ranker().vector(0)[0], "with its vector");
        io.shelfwise.catalog.ItemId reloaded = new io.shelfwise.catalog.ItemId("x");
        assertTrue(shared.heldIds(SHOP).apply(reloaded) == catalogs,
                "a catalog loaded again takes the instance the served model holds");
        io.shelfwise.catalog.ItemId other = new io.shelfwise.catalog.ItemId("y");
        assertTrue(shared.heldIds(SHOP).apply(other) == other, "an id the model does not hold maps to itself");
        assertTrue(shared.heldIds(new io.shelfwise.tenancy.TenantId("elsewhere")).apply(reloaded) == reloaded,
                "a tenant with no model held: nothing loaded, the id itself");
        org.junit.jupiter.api.Assertions.assertNotNull(withShopper.ranker("m", id -> true,
                new io.shelfwise.recommendation.ranking.PopularityRanker(List.of(), id -> true)).learnedVector("u-1"));
        org.junit.jupiter.api.Assertions.assertNull(served.ranker().learnedVector("u-1"),
                "no shopper vectors held: serving folds every shopper in from their events");
    }

    @Test
    void a_tenant_whose_ids_cannot_be_mapped_is_served_its_model_anyway() {
        ModelRegistry registry = new ModelRegistry(new InMemoryModelArtifacts());
        registry.add(SHOP, ModelRegistryTest.version(1, true), ModelRegistryTest.model(1));
        registry.promote(SHOP, 1);
        ServingModels failing = new ServingModels(registry, Clock.systemUTC(), Duration.ofDays(1), Runnable::run,
                new MapTenantCaches(), 64L << 20, Duration.ofHours(1), tenant -> {
                    throw new IllegalStateException("catalog store down");
                });
        ServingModels.Served served = failing.current(SHOP).orElseThrow();
        assertEquals(1, served.version());
        assertEquals(List.of(new io.shelfwise.catalog.ItemId("x")), served.ranker().items());
    }
}
