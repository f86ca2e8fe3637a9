package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.CatalogService;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.out.ItemStore;
import io.shelfwise.events.EventService;
import io.shelfwise.recommendation.RecommendationFilters;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.recommendation.ScoredItem;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.DiscardingRecommendationLog;
import io.shelfwise.testing.ForwardingItemStore;
import io.shelfwise.testing.InMemoryEventStore;
import io.shelfwise.testing.InMemoryItemStore;
import io.shelfwise.testing.InMemoryModelArtifacts;
import io.shelfwise.testing.MapTenantCaches;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.TestAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A pooled process serves more tenants than it holds: a tenant loaded again after an eviction never makes the
 * others wait. One load runs on a request's path at a time; meanwhile a tenant served before is answered from its
 * held bestsellers and loaded in the background, and a tenant never served waits its turn.
 */
class TenantLoadTest {
    private static final TenantAccess ACME = TestAccess.of("acme");
    private static final TenantAccess GLOBEX = TestAccess.of("globex");
    private static final TenantAccess INITECH = TestAccess.of("initech");

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryItemStore items = new InMemoryItemStore();
    private final GatedStore gated = new GatedStore(items, GLOBEX.tenantId());
    private final MapTenantCaches catalogCaches = new MapTenantCaches();
    private final CatalogService catalog = new CatalogService(gated, clock, Duration.ofSeconds(2), Runnable::run,
            catalogCaches, 64L << 20);
    private final EventService events = new EventService(new InMemoryEventStore(), clock, Duration.ofSeconds(1));
    private final AtomicLong ids = new AtomicLong();
    private final MapTenantCaches modelCaches = new MapTenantCaches();
    private final SurfaceService surfaces = new SurfaceService((tenant, since, max) -> List.of(), events, catalog,
            new RecommendationLogWriter(new DiscardingRecommendationLog(), 100), clock,
            new SurfaceService.Settings(Duration.ofDays(90), 100_000, Duration.ofMinutes(10)),
            () -> new UUID(0, ids.incrementAndGet()), task -> { },
            new ServingModels(new ModelRegistry(new InMemoryModelArtifacts()), clock, Duration.ofDays(1),
                    Runnable::run, modelCaches, 256L << 20, Duration.ofHours(1)),
            new TenantRecommendationSettings(new InMemoryModelArtifacts(), clock, Duration.ZERO),
            tenant -> List.of(new ItemId("best-1"), new ItemId("best-2"), new ItemId("gone")),
            new MapTenantCaches(), 256L << 20);

    @Test
    void an_evicted_tenant_is_answered_from_its_bestsellers_while_another_loads_then_loads_in_the_background()
            throws Exception {
        for (TenantAccess tenant : List.of(ACME, GLOBEX, INITECH)) {
            items.upsert(tenant.tenantId(), List.of(item("best-1", true), item("best-2", true), item("gone", false)));
        }
        Recommendations first = surfaces.home(ACME.tenantId(), "u1", 2, RecommendationFilters.none());
        assertEquals("popularity", first.model());
        assertEquals(List.of("best-1", "best-2"), ids(first));
        catalogCaches.evictAll();

        // GLOBEX's first request loads its catalog on the request's path and is held up there.
        CompletableFuture<Recommendations> globex = CompletableFuture.supplyAsync(
                () -> surfaces.home(GLOBEX.tenantId(), "u1", 2, RecommendationFilters.none()));
        assertTrue(gated.entered.await(10, TimeUnit.SECONDS), "GLOBEX's catalog load started");

        Recommendations home = surfaces.home(ACME.tenantId(), "u1", 2, RecommendationFilters.none());
        Recommendations cart = surfaces.cart(ACME.tenantId(), List.of(new ItemId("best-1")), "u1", 2,
                RecommendationFilters.none());
        assertEquals(SurfaceService.WHILE_LOADING, home.model(), "answered while GLOBEX still loads");
        assertEquals(List.of("best-1", "best-2"), ids(home), "the held bestsellers, in stock when taken");
        assertEquals(List.of("best-2"), ids(cart), "through the same rules: never the cart's own item");
        assertEquals(2, surfaces.answeredWhileLoading());
        assertFalse(catalog.isHeld(ACME.tenantId()), "nothing loaded on the request's path");

        // A message is not answered from the held bestsellers: it waits for the full list.
        CompletableFuture<Recommendations> message = CompletableFuture.supplyAsync(
                () -> surfaces.homeForMessage(ACME.tenantId(), "u1", 2, RecommendationFilters.none()));
        // INITECH was never served: it has no bestsellers held, so it waits for its turn to load.
        CompletableFuture<Recommendations> initech = CompletableFuture.supplyAsync(
                () -> surfaces.home(INITECH.tenantId(), "u1", 2, RecommendationFilters.none()));
        Thread.sleep(200);
        assertFalse(initech.isDone(), "waits while GLOBEX's load runs");
        assertFalse(message.isDone(), "the message waits too");

        gated.release.countDown();
        assertEquals("popularity", message.get(10, TimeUnit.SECONDS).model());
        assertEquals(List.of("best-1", "best-2"), ids(globex.get(10, TimeUnit.SECONDS)));
        assertEquals("popularity", initech.get(10, TimeUnit.SECONDS).model());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!catalog.isHeld(ACME.tenantId()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(catalog.isHeld(ACME.tenantId()), "ACME was loaded again in the background");
        Recommendations after = surfaces.home(ACME.tenantId(), "u1", 2, RecommendationFilters.none());
        assertEquals("popularity", after.model(), "served as before once loaded");
        assertEquals(2, surfaces.answeredWhileLoading());
    }

    @Test
    void where_only_the_model_is_being_loaded_the_held_bestsellers_are_served_as_the_catalog_has_them_now()
            throws Exception {
        for (TenantAccess tenant : List.of(ACME, GLOBEX)) {
            items.upsert(tenant.tenantId(), List.of(item("best-1", true), item("best-2", true), item("gone", false)));
        }
        surfaces.home(ACME.tenantId(), "u1", 2, RecommendationFilters.none());
        modelCaches.evictAll();
        catalog.upsert(ACME, List.of(item("best-1", false)));
        CompletableFuture<Recommendations> globex = CompletableFuture.supplyAsync(
                () -> surfaces.home(GLOBEX.tenantId(), "u1", 2, RecommendationFilters.none()));
        assertTrue(gated.entered.await(10, TimeUnit.SECONDS));

        Recommendations home = surfaces.home(ACME.tenantId(), "u1", 2, RecommendationFilters.none());

        assertEquals(SurfaceService.WHILE_LOADING, home.model());
        assertEquals(List.of("best-2"), ids(home), "best-1 sold out since it was held");
        gated.release.countDown();
        globex.get(10, TimeUnit.SECONDS);
    }

    private static Item item(String id, boolean inStock) {
        return Item.of(id, id, "brand", List.of("Shoes"), null, null, inStock, Map.of());
    }

    private static List<String> ids(Recommendations recommendations) {
        return recommendations.items().stream().map(ScoredItem::item).map(i -> i.id().value()).toList();
    }

    /** An item store whose first catalog read for {@code held} waits until {@link #release} opens. */
    private static final class GatedStore extends ForwardingItemStore {
        private final TenantId held;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        GatedStore(ItemStore store, TenantId held) {
            super(store);
            this.held = held;
        }

        @Override
        public List<Item> list(TenantId tenant, ItemId after, int limit) {
            if (tenant.equals(held) && after == null) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.list(tenant, after, limit);
        }
    }
}
