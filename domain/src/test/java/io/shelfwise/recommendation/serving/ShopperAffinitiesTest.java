package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.recommendation.ShopperScore;
import io.shelfwise.recommendation.ShopperTouch;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelRegistryTest;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.InMemoryModelArtifacts;
import io.shelfwise.testing.MapTenantCaches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopperAffinitiesTest {
    private static final TenantId SHOP = new TenantId("shop-a");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private final ModelRegistry registry = new ModelRegistry(new InMemoryModelArtifacts());
    private final ServingModels serving = new ServingModels(registry, CLOCK, Duration.ofDays(1), Runnable::run,
            new MapTenantCaches(), 64L << 20, Duration.ofHours(1));
    private final ShopperAffinities affinities = new ShopperAffinities(serving);

    /** Items a1, a2 along one axis and b1, b2 along the other: what a model of two tastes learns. */
    private void twoTastes() {
        List<ItemId> items = List.of(new ItemId("a1"), new ItemId("a2"), new ItemId("b1"), new ItemId("b2"));
        float[] vectors = {1, 0, 1, 0, 0, 1, 0, 1};
        registry.add(SHOP, ModelRegistryTest.version(1, true), new FactorModel(new LearnedFactors(2, items, vectors,
                List.of(), new float[0]), 10, 0.03));
        registry.promote(SHOP, 1);
        serving.reload(SHOP);
    }

    private static List<ShopperTouch> touched(String... items) {
        List<ShopperTouch> history = new java.util.ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            history.add(new ShopperTouch(new ItemId(items[i]), EventType.VIEW,
                    Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i)));
        }
        return history;
    }

    @Test
    void a_shopper_is_folded_in_from_their_history_as_served_models_keep_no_shopper_vectors() {
        twoTastes();
        List<ItemId> aItems = List.of(new ItemId("a2"));
        double aFan = affinities.affinity(SHOP, touched("a1", "a1", "b1"), aItems).orElseThrow();
        double bFan = affinities.affinity(SHOP, touched("b1", "b2"), aItems).orElseThrow();
        assertTrue(aFan > bFan, "a shopper of a-items is closer to a2: " + aFan + " vs " + bFan);
        assertTrue(affinities.affinity(SHOP, touched("unknown"), aItems).isEmpty(), "a history the model cannot read");
        assertTrue(affinities.affinity(SHOP, touched("a1"), List.of(new ItemId("zz"))).isEmpty(),
                "items the model does not know");

        List<ShopperScore> top = affinities.topShoppers(SHOP, Map.of("ann", touched("a1", "a2"), "bob",
                touched("b1"), "cid", touched("a1", "b1", "b2"), "new", List.of()), aItems, 2);
        assertEquals(List.of("ann", "cid"), top.stream().map(ShopperScore::userId).toList(),
                "the two closest to a-items, best first; a shopper without history is not scored");
        assertTrue(affinities.affinity(new TenantId("other"), touched("a1"), aItems).isEmpty(),
                "another tenant has no model");
    }
}
