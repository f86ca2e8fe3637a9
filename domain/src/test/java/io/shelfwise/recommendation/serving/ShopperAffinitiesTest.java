package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
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
import org.junit.jupiter.api.Test;

class ShopperAffinitiesTest {
    private static final TenantId SHOP = new TenantId("shop-a");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private final ModelRegistry registry = new ModelRegistry(new InMemoryModelArtifacts());
    private final ServingModels serving = new ServingModels(registry, CLOCK, Duration.ofDays(1), Runnable::run,
            new MapTenantCaches(), 64L << 20, Duration.ofHours(1));
    private final MapTenantCaches caches = new MapTenantCaches();
    private final ShopperAffinities affinities = new ShopperAffinities(serving, caches, 1L << 20, Duration.ofHours(1));

    @Test
    void a_tenants_index_is_held_in_the_bounded_cache_built_once_per_served_version_and_again_after_eviction() {
        List<ItemId> x = List.of(new ItemId("x"));
        assertTrue(affinities.topShoppers(SHOP, x, 5).isEmpty(), "no model, no index");
        assertEquals(0, caches.stats("affinities").loads());

        registry.add(SHOP, ModelRegistryTest.version(1, true), ModelRegistryTest.model(1));
        registry.promote(SHOP, 1);
        serving.reload(SHOP);
        affinities.topShoppers(SHOP, x, 5);
        affinities.affinity(SHOP, "u-1", x);
        assertEquals(1, caches.stats("affinities").loads(), "built once for the served version");
        assertTrue(caches.stats("affinities").weight() > 0, "and weighed");

        caches.evictAll();
        affinities.topShoppers(SHOP, x, 5);
        assertEquals(2, caches.stats("affinities").loads(), "an evicted index is built again on the next read");
    }
}
