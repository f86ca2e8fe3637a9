package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.CatalogService;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventService;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.recommendation.RecommendationFilters;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.recommendation.ScoredItem;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * No request builds a model: a tenant's first home, cart and product-page requests (after a start, or its first
 * ever) are answered at once from the bestsellers while its co-occurrence model is built in the background, and
 * once built it serves.
 */
class FirstRequestTest {
    private static final TenantAccess ACME = TestAccess.of("acme");
    private static final TenantId TENANT = ACME.tenantId();

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryEventStore eventStore = new InMemoryEventStore();
    private final CatalogService catalog = new CatalogService(new InMemoryItemStore(), clock, Duration.ofSeconds(2),
            Runnable::run, new MapTenantCaches(), 64L << 20);
    private final EventService events = new EventService(eventStore, clock, Duration.ofSeconds(1));
    private final List<Runnable> background = new ArrayList<>();
    private final AtomicInteger historyReads = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final MapTenantCaches cooccurrenceCaches = new MapTenantCaches();
    private final SurfaceService surfaces = new SurfaceService(
            (tenant, since, max) -> {
                historyReads.incrementAndGet();
                return eventStore.eventsOf(tenant).stream().map(StoredEvent::event)
                        .filter(e -> !e.occurredAt().isBefore(since)).toList();
            },
            events, catalog, new RecommendationLogWriter(new DiscardingRecommendationLog(), 100), clock, new SurfaceService.Settings(Duration.ofDays(90), 100_000, Duration.ofMinutes(10)),
            () -> new UUID(0, ids.incrementAndGet()), background::add,
            new ServingModels(new ModelRegistry(new InMemoryModelArtifacts()), clock, Duration.ofDays(1), Runnable::run,
            new MapTenantCaches(), 256L << 20, Duration.ofHours(1)),
            new TenantRecommendationSettings(new InMemoryModelArtifacts(), clock, Duration.ZERO),
            tenant -> List.of(new ItemId("best-1"), new ItemId("best-2")),
            cooccurrenceCaches, 256L << 20);

    @Test
    void the_first_requests_are_answered_from_the_bestsellers_while_the_model_builds_in_the_background() {
        fiveShoppersViewAThenB();

        Recommendations home = surfaces.home(TENANT, "u0", 2, RecommendationFilters.none());
        Recommendations cart = surfaces.cart(TENANT, List.of(new ItemId("a")), null, 2, RecommendationFilters.none());
        Recommendations similar = surfaces.similar(TENANT, new ItemId("a"), null, 2, RecommendationFilters.none());

        assertEquals(0, historyReads.get(), "no request read the history to build a model");
        assertEquals(1, background.size(), "one build started, not one per request");
        assertEquals("popularity", home.model());
        assertEquals(List.of("best-1", "best-2"), ids(home));
        assertEquals(List.of("best-1", "best-2"), ids(cart));
        assertEquals("popularity", similar.model());

        background.removeFirst().run();
        Recommendations built = surfaces.cart(TENANT, List.of(new ItemId("a")), null, 1,
                RecommendationFilters.none());

        assertEquals(1, historyReads.get());
        assertEquals("cooccurrence", built.model());
        assertEquals(List.of("b"), ids(built), "looked at together with a");
    }

    @Test
    void an_evicted_model_is_rebuilt_in_the_background_bestsellers_meanwhile_and_answers_as_before() {
        fiveShoppersViewAThenB();
        surfaces.cart(TENANT, List.of(new ItemId("a")), null, 1, RecommendationFilters.none());
        background.removeFirst().run();
        Recommendations before = surfaces.cart(TENANT, List.of(new ItemId("a")), null, 2,
                RecommendationFilters.none());
        assertEquals("cooccurrence", before.model());
        assertTrue(cooccurrenceCaches.stats("cooccurrence").weight() > 0, "weighed by what the model holds");

        cooccurrenceCaches.evictAll();
        Recommendations meanwhile = surfaces.cart(TENANT, List.of(new ItemId("a")), null, 2,
                RecommendationFilters.none());
        assertEquals("popularity", meanwhile.model(), "no request waits for the rebuild");
        assertEquals(1, background.size(), "the rebuild runs in the background");
        background.removeFirst().run();

        Recommendations after = surfaces.cart(TENANT, List.of(new ItemId("a")), null, 2,
                RecommendationFilters.none());
        assertEquals(before.model(), after.model());
        assertEquals(ids(before), ids(after));
        assertEquals(2, historyReads.get(), "built twice: once at first, once after the eviction");
    }

    /** Two bestsellers and items a and b in the catalog; five shoppers each viewed a, then b. */
    private void fiveShoppersViewAThenB() {
        catalog.upsert(ACME, List.of(item("best-1"), item("best-2"), item("a"), item("b")));
        List<ShopperEvent> batch = new ArrayList<>();
        for (int u = 0; u < 5; u++) {
            batch.add(view("v" + u + "a", "u" + u, "a", 100 - u));
            batch.add(view("v" + u + "b", "u" + u, "b", 99 - u));
        }
        events.track(ACME, batch);
    }

    private ShopperEvent view(String id, String user, String item, int secondsAgo) {
        return EventDraft.view(id, item, clock.instant().minusSeconds(secondsAgo)).userId(user)
                .build(clock.instant().plusSeconds(300));
    }

    private static Item item(String id) {
        return Item.of(id, id, "brand", List.of("Shoes"), null, null, true, Map.of());
    }

    private static List<String> ids(Recommendations recommendations) {
        return recommendations.items().stream().map(ScoredItem::item).map(i -> i.id().value()).toList();
    }
}
