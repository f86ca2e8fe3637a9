package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.catalog.CatalogService;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.ValidationException;
import io.shelfwise.events.EventService;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.recommendation.ScoredItem;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.testing.EventDraft;
import io.shelfwise.testing.InMemoryEventStore;
import io.shelfwise.testing.InMemoryItemStore;
import io.shelfwise.testing.InMemorySignalSource;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.TestAccess;
import io.shelfwise.testing.MapTenantCaches;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PopularityServiceTest {
    private static final TenantAccess ACME = TestAccess.of("acme");
    private static final TenantAccess GLOBEX = TestAccess.of("globex");
    private static final Duration WINDOW = Duration.ofDays(30);
    private static final Duration RANKING_TTL = Duration.ofMinutes(5);

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryEventStore eventStore = new InMemoryEventStore();
    private final InMemorySignalSource signals = new InMemorySignalSource(eventStore);
    private final InMemoryItemStore itemStore = new InMemoryItemStore();
    private final CatalogService catalog = new CatalogService(itemStore, new MapTenantCaches());
    private final EventService events = new EventService(eventStore, clock);
    private final AtomicLong recommendationIds = new AtomicLong();
    private final AtomicLong eventIds = new AtomicLong();

    private final java.util.Map<String, RecommendationLogEntry> loggedEntries = new java.util.HashMap<>();
    private final io.shelfwise.recommendation.port.out.RecommendationLog logged =
            new io.shelfwise.recommendation.port.out.RecommendationLog() {
                @Override
                public void append(io.shelfwise.tenancy.TenantId tenant, RecommendationLogEntry entry) {
                    loggedEntries.put(tenant + "/" + entry.recommendationId(), entry);
                }

                @Override
                public java.util.Optional<RecommendationLogEntry> find(io.shelfwise.tenancy.TenantId tenant,
                                                                       String recommendationId) {
                    return java.util.Optional.ofNullable(loggedEntries.get(tenant + "/" + recommendationId));
                }
            };

    private final RecommendationLogWriter logWriter = new RecommendationLogWriter(logged, 100);
    private final MapTenantCaches rankingCaches = new MapTenantCaches();
    private final PopularityService service = serviceWithTtl(RANKING_TTL);

    private PopularityService serviceWithTtl(Duration rankingTtl) {
        return serviceWithTtl(rankingTtl, Runnable::run);
    }

    private PopularityService serviceWithTtl(Duration rankingTtl, java.util.concurrent.Executor refresher) {
        return new PopularityService(signals, catalog, PopularityModel.standard(), clock, WINDOW, rankingTtl,
                () -> new UUID(0, recommendationIds.incrementAndGet()), refresher, logWriter, rankingCaches,
                1L << 30);
    }

    private void inStock(TenantAccess tenant, String... ids) {
        catalog.upsert(tenant, Arrays.stream(ids).map(id -> item(id, true)).toList());
    }

    private void outOfStock(TenantAccess tenant, String... ids) {
        catalog.upsert(tenant, Arrays.stream(ids).map(id -> item(id, false)).toList());
    }

    private static Item item(String id, boolean inStock) {
        return Item.of(id, "Item " + id, null, null, null, null, inStock, null);
    }

    /** Records {@code count} events of {@code type} on {@code item}, {@code daysAgo} days before now. */
    private void record(TenantAccess tenant, String type, String item, int count, int daysAgo) {
        List<ShopperEvent> batch = IntStream.range(0, count)
                .mapToObj(i -> EventDraft.of(type, "evt-" + eventIds.incrementAndGet(), item,
                                clock.instant().minus(Duration.ofDays(daysAgo)))
                        .build(events.latestAcceptedTimestamp()))
                .toList();
        events.track(tenant, batch);
    }

    private void record(TenantAccess tenant, String type, String item, int count) {
        record(tenant, type, item, count, 0);
    }

    private List<String> popular(TenantAccess tenant, int limit) {
        return ids(service.popular(tenant.tenantId(), limit));
    }

    private static List<String> ids(Recommendations recommendations) {
        return recommendations.items().stream().map(s -> s.item().id().value()).toList();
    }

    private static List<Double> scores(Recommendations recommendations) {
        return recommendations.items().stream().map(ScoredItem::score).toList();
    }

    @Test
    void most_popular_in_stock_items_come_first_with_their_scores() {
        inStock(ACME, "a", "b", "c", "d");
        record(ACME, "purchase", "b", 1);
        record(ACME, "view", "c", 2);
        record(ACME, "click", "a", 1);

        Recommendations result = service.popular(ACME.tenantId(), 4);

        assertEquals(List.of("b", "a", "c", "d"), ids(result));
        assertEquals(List.of(5.0, 2.0, 2.0, 0.0), scores(result));
        assertEquals("popular", result.surface());
        assertEquals(new UUID(0, 1).toString(), result.recommendationId());
        assertEquals(new ItemId("b"), result.items().get(0).item().id());
    }

    @Test
    void an_evicted_ranking_is_ranked_again_on_the_next_request_with_the_same_answer() {
        inStock(ACME, "a", "b", "c");
        record(ACME, "purchase", "b", 3);
        record(ACME, "view", "c", 1);
        List<String> before = popular(ACME, 3);
        assertEquals(1, signals.queries());
        assertTrue(rankingCaches.stats("popularity").weight() > 0, "weighed by its length");

        rankingCaches.evictAll();

        assertEquals(before, popular(ACME, 3));
        assertEquals(2, signals.queries(), "ranked again from the signals");
    }

    @Test
    void out_of_stock_and_deleted_items_never_appear_even_when_most_popular() {
        inStock(ACME, "a", "b", "c", "gone");
        outOfStock(ACME, "sold-out");
        record(ACME, "purchase", "sold-out", 10);
        record(ACME, "purchase", "gone", 9);
        record(ACME, "view", "c", 1);
        catalog.delete(ACME.tenantId(), new ItemId("gone"));

        assertEquals(List.of("c", "a", "b"), popular(ACME, 10));
    }

    @Test
    void item_that_goes_out_of_stock_disappears_at_once_even_while_the_ranking_is_cached() {
        inStock(ACME, "a", "b");
        record(ACME, "purchase", "b", 3);
        assertEquals(List.of("b", "a"), popular(ACME, 2));

        outOfStock(ACME, "b");

        assertEquals(List.of("a"), popular(ACME, 2));
        assertEquals(1, signals.queries());
    }

    @Test
    void few_signals_are_filled_up_with_in_stock_items_in_id_order() {
        inStock(ACME, "a", "b", "m", "z");
        outOfStock(ACME, "c");
        record(ACME, "view", "m", 1);

        Recommendations result = service.popular(ACME.tenantId(), 4);

        assertEquals(List.of("m", "a", "b", "z"), ids(result));
        assertEquals(List.of(1.0, 0.0, 0.0, 0.0), scores(result));
    }

    @Test
    void catalog_smaller_than_the_limit_is_returned_whole_without_repeats() {
        inStock(ACME, "a", "b");
        record(ACME, "view", "b", 1);
        assertEquals(List.of("b", "a"), popular(ACME, 10));
    }

    @Test
    void tenant_without_catalog_gets_an_empty_list() {
        record(ACME, "purchase", "ghost", 5);
        assertEquals(List.of(), popular(ACME, 5));
    }

    @Test
    void popular_leader_found_beyond_many_out_of_stock_items_keeps_its_score() {
        List<String> soldOut = IntStream.range(0, 45).mapToObj(i -> String.format("oos-%02d", i)).toList();
        outOfStock(ACME, soldOut.toArray(String[]::new));
        soldOut.forEach(id -> record(ACME, "view", id, 2));
        inStock(ACME, "a-unseen", "winner");
        record(ACME, "view", "winner", 1);

        Recommendations result = service.popular(ACME.tenantId(), 1);

        assertEquals(List.of("winner"), ids(result));
        assertEquals(List.of(1.0), scores(result));
    }

    @Test
    void limit_must_be_between_1_and_100() {
        ValidationException zero = assertThrows(ValidationException.class, () -> popular(ACME, 0));
        assertEquals("limit: must be between 1 and 100", zero.getMessage());
        assertThrows(ValidationException.class, () -> popular(ACME, 101));

        List<String> many = IntStream.range(0, 150).mapToObj(i -> String.format("sku-%03d", i)).toList();
        inStock(ACME, many.toArray(String[]::new));
        assertEquals(many.subList(0, 100), popular(ACME, 100));
        assertEquals(List.of("sku-000"), popular(ACME, 1));
    }

    @Test
    void new_event_is_not_seen_until_the_ranking_ttl_has_passed() {
        inStock(ACME, "x", "y");
        record(ACME, "view", "x", 1);
        assertEquals(List.of("x", "y"), popular(ACME, 2));

        record(ACME, "purchase", "y", 3);
        assertEquals(List.of("x", "y"), popular(ACME, 2));

        clock.advance(RANKING_TTL.minusSeconds(1));
        assertEquals(List.of("x", "y"), popular(ACME, 2));

        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("y", "x"), popular(ACME, 2));
        assertEquals(2, signals.queries());
    }

    @Test
    void an_expired_ranking_is_served_while_a_single_refresh_runs_in_the_background() {
        java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
        PopularityService background = serviceWithTtl(RANKING_TTL, queued::add);
        inStock(ACME, "x", "y");
        record(ACME, "view", "x", 1);
        assertEquals(List.of("x", "y"), ids(background.popular(ACME.tenantId(), 2)));
        record(ACME, "purchase", "y", 3);
        clock.advance(RANKING_TTL);

        assertEquals(List.of("x", "y"), ids(background.popular(ACME.tenantId(), 2)), "stale while refreshing");
        assertEquals(List.of("x", "y"), ids(background.popular(ACME.tenantId(), 2)));
        assertEquals(1, queued.size(), "one refresh per tenant at a time");
        queued.poll().run();

        assertEquals(List.of("y", "x"), ids(background.popular(ACME.tenantId(), 2)));
        assertEquals(2, signals.queries());
    }

    @Test
    void every_served_list_is_logged_under_its_recommendation_id_for_attribution() {
        inStock(ACME, "x", "y");
        record(ACME, "view", "x", 1);
        Recommendations served = service.popular(ACME.tenantId(), 2);
        logWriter.close();
        RecommendationLogEntry entry = logged.find(ACME.tenantId(), served.recommendationId()).orElseThrow();
        assertEquals(List.of("x", "y"), entry.itemIds());
        assertEquals("popular", entry.surface());
    }

    @Test
    void with_a_zero_ttl_a_new_event_is_seen_at_once() {
        PopularityService uncached = serviceWithTtl(Duration.ZERO);
        inStock(ACME, "x", "y");
        record(ACME, "view", "x", 1);
        assertEquals(List.of("x", "y"), ids(uncached.popular(ACME.tenantId(), 2)));

        record(ACME, "purchase", "y", 1);

        assertEquals(List.of("y", "x"), ids(uncached.popular(ACME.tenantId(), 2)));
    }

    @Test
    void events_older_than_the_window_do_not_count() {
        inStock(ACME, "a", "b");
        record(ACME, "purchase", "a", 10, 31);
        record(ACME, "view", "b", 1, 0);

        Recommendations result = service.popular(ACME.tenantId(), 2);

        assertEquals(List.of("b", "a"), ids(result));
        assertEquals(0.0, result.items().get(1).score());
    }

    @Test
    void one_tenants_signals_never_rank_another_tenants_items() {
        inStock(ACME, "a", "b", "c");
        inStock(GLOBEX, "a", "b", "c");
        record(ACME, "purchase", "c", 20);
        record(GLOBEX, "view", "b", 1);

        assertEquals(List.of("c", "a", "b"), popular(ACME, 3));
        Recommendations globex = service.popular(GLOBEX.tenantId(), 3);
        assertEquals(List.of("b", "a", "c"), ids(globex));
        assertEquals(List.of(1.0, 0.0, 0.0), scores(globex));
    }

    @Test
    void each_recommendation_list_gets_its_own_id() {
        inStock(ACME, "a");
        assertEquals(new UUID(0, 1).toString(), service.popular(ACME.tenantId(), 1).recommendationId());
        assertEquals(new UUID(0, 2).toString(), service.popular(ACME.tenantId(), 1).recommendationId());
    }

    @Test
    void an_imported_history_two_years_old_ranks_by_its_own_window_ending_at_its_newest_day() {
        inStock(ACME, "old-a", "old-b", "older-c");
        record(ACME, "view", "old-a", 5, 730);
        record(ACME, "view", "old-b", 3, 735);
        record(ACME, "view", "older-c", 20, 800);

        Recommendations result = service.popular(ACME.tenantId(), 3);
        assertEquals(List.of("old-a", "old-b", "older-c"), ids(result));
        assertTrue(result.items().get(1).score() > 0, "counted, though 735 days old");
        assertEquals(0.0, result.items().get(2).score(),
                "the 30-day window ends at the newest event, 730 days ago: 800 days ago lies outside it");
    }
}
