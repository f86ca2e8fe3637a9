package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.CatalogService;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventService;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.recommendation.RecommendationFilters;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.recommendation.port.out.RecommendationLog;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.DiscardingRecommendationLog;
import io.shelfwise.testing.EventDraft;
import io.shelfwise.testing.InMemoryEventStore;
import io.shelfwise.testing.InMemoryItemStore;
import io.shelfwise.testing.InMemoryModelArtifacts;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.TestAccess;
import io.shelfwise.testing.MapTenantCaches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The product page blends items looked at together with look-alikes from the catalog; a new item without events
 * gets look-alikes; every list still passes the business filters.
 */
class SimilarItemsTest {
    private static final TenantAccess ACME = TestAccess.of("acme");
    private static final TenantId TENANT = ACME.tenantId();

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryEventStore eventStore = new InMemoryEventStore();
    private final InMemoryItemStore itemStore = new InMemoryItemStore();
    private final CatalogService catalog = new CatalogService(itemStore, clock, Duration.ofSeconds(2), Runnable::run,
            new MapTenantCaches(), 64L << 20);
    private final EventService events = new EventService(eventStore, clock, Duration.ofSeconds(1));
    private final AtomicLong ids = new AtomicLong();
    private final MapTenantCaches surfaceCaches = new MapTenantCaches();
    private final SurfaceService surfaces = new SurfaceService(
            (tenant, since, max) -> eventStore.eventsOf(tenant).stream().map(StoredEvent::event)
                    .filter(e -> !e.occurredAt().isBefore(since)).toList(),
            events, catalog, new RecommendationLogWriter(new DiscardingRecommendationLog(), 100), clock, new SurfaceService.Settings(Duration.ofDays(90), 100_000, Duration.ofMinutes(10)),
            () -> new UUID(0, ids.incrementAndGet()), Runnable::run,
            new ServingModels(new ModelRegistry(new InMemoryModelArtifacts()), clock, Duration.ofDays(1), Runnable::run,
            new MapTenantCaches(), 256L << 20, Duration.ofHours(1)),
            new TenantRecommendationSettings(new InMemoryModelArtifacts(), clock, Duration.ZERO),
            surfaceCaches, 256L << 20);

    /** Running shoes by two brands, hats, and a few shoppers who look at shoe-1 with hat-1 (a cross-sell). */
    private void store() {
        catalog.upsert(ACME, List.of(
                item("shoe-1", "Acme", "Running", true), item("shoe-2", "Acme", "Running", true),
                item("shoe-3", "Bolt", "Running", true), item("shoe-4", "Bolt", "Running", true),
                item("boot-1", "Acme", "Hiking", true), item("hat-1", "Cap", "Hats", true),
                item("hat-2", "Cap", "Hats", true)));
        List<ShopperEvent> batch = new ArrayList<>();
        for (int u = 0; u < 5; u++) {
            batch.add(view("v" + u + "a", "u" + u, "shoe-1", 100 - u));
            batch.add(view("v" + u + "b", "u" + u, "hat-1", 99 - u));
        }
        events.track(ACME, batch);
    }

    @Test
    void a_new_item_without_events_gets_its_look_alikes_before_popular_items() {
        store();
        catalog.upsert(ACME, List.of(item("shoe-new", "Bolt", "Running", true)));
        List<String> list = ids(surfaces.similar(TENANT, new ItemId("shoe-new"), null, 3, RecommendationFilters.none()));
        assertEquals(List.of("shoe-3", "shoe-4"), list.subList(0, 2), "same brand and category first: " + list);
        assertTrue(list.get(2).startsWith("shoe-"), list.toString());
    }

    @Test
    void an_evicted_content_index_is_built_again_and_answers_as_before() {
        store();
        catalog.upsert(ACME, List.of(item("shoe-new", "Bolt", "Running", true)));
        List<String> before = ids(surfaces.similar(TENANT, new ItemId("shoe-new"), null, 3,
                RecommendationFilters.none()));
        assertEquals(1, surfaceCaches.stats("content").loads());
        assertTrue(surfaceCaches.stats("content").weight() > 0, "the index is weighed");

        surfaceCaches.evictAll();
        List<String> after = ids(surfaces.similar(TENANT, new ItemId("shoe-new"), null, 3,
                RecommendationFilters.none()));

        assertEquals(before, after);
        assertEquals(2, surfaceCaches.stats("content").loads(), "built again after the eviction");
    }

    @Test
    void a_known_item_blends_what_is_looked_at_together_with_look_alikes() {
        store();
        List<String> list = ids(surfaces.similar(TENANT, new ItemId("shoe-1"), null, 4, RecommendationFilters.none()));
        assertEquals("shoe-2", list.getFirst(), "same brand and category: " + list);
        assertEquals("hat-1", list.get(1), "looked at together: " + list);
        assertFalse(list.contains("shoe-1"));
    }

    @Test
    void look_alikes_pass_stock_brand_and_per_brand_filters() {
        store();
        catalog.upsert(ACME, List.of(item("shoe-3", "Bolt", "Running", false)));
        List<String> list = ids(surfaces.similar(TENANT, new ItemId("shoe-4"), null, 10, RecommendationFilters.none()));
        assertFalse(list.contains("shoe-3"), "sold out at once: " + list);
        RecommendationFilters noAcmeOneCap = new RecommendationFilters(0, Set.of(), Set.of("acme"), Set.of(),
                Set.of(), 1);
        List<String> filtered = ids(surfaces.similar(TENANT, new ItemId("shoe-4"), null, 10, noAcmeOneCap));
        assertTrue(filtered.stream().noneMatch(id -> id.equals("shoe-1") || id.equals("shoe-2")
                || id.equals("boot-1")), filtered.toString());
        assertEquals(filtered.size(), filtered.stream().distinct().count());
        assertEquals(List.of("hat-1"), filtered, "Bolt's other shoe is sold out, Acme excluded, one Cap item");
    }

    @Test
    void a_new_shopper_in_a_new_store_still_gets_in_stock_items_on_every_surface() {
        catalog.upsert(ACME, List.of(item("a", "Acme", "Running", true), item("b", "Acme", "Running", false),
                item("c", "Bolt", "Hats", true)));
        RecommendationFilters none = RecommendationFilters.none();
        assertEquals(List.of("a", "c"), ids(surfaces.home(TENANT, "newcomer", 5, none)));
        assertEquals(List.of("a"), ids(surfaces.similar(TENANT, new ItemId("c"), "newcomer", 5, none)));
        assertEquals(List.of("c"), ids(surfaces.cart(TENANT, List.of(new ItemId("a")), "newcomer", 5, none)));
    }

    @Test
    void what_a_shopper_views_counts_on_their_next_home_list_at_once() {
        store();
        events.track(ACME, List.of(view("n1", "fresh", "hat-1", 1)));
        // The viewed item's neighbour, and the viewed item itself as one of the shopper's recent items.
        List<String> home = ids(surfaces.home(TENANT, "fresh", 2, RecommendationFilters.none()));
        assertEquals(Set.of("shoe-1", "hat-1"), Set.copyOf(home), home.toString());
    }

    private ShopperEvent view(String id, String user, String item, int secondsAgo) {
        return EventDraft.view(id, item, clock.instant().minusSeconds(secondsAgo)).userId(user)
                .build(clock.instant().plusSeconds(300));
    }

    private static Item item(String id, String brand, String category, boolean inStock) {
        List<String> path = category.equals("Hats") ? List.of("Hats") : List.of("Shoes", category);
        return Item.of(id, id, brand, path, null, null, inStock, Map.of());
    }

    private static List<String> ids(Recommendations recommendations) {
        return recommendations.items().stream().map(s -> s.item().id().value()).toList();
    }
}
