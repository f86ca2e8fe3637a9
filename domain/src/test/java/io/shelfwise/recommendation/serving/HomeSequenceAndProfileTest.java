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
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.registry.TrainingSummary;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.testing.DiscardingRecommendationLog;
import io.shelfwise.testing.EventDraft;
import io.shelfwise.testing.InMemoryEventStore;
import io.shelfwise.testing.InMemoryItemStore;
import io.shelfwise.testing.InMemoryModelArtifacts;
import io.shelfwise.testing.MapTenantCaches;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.TestAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Home as it serves under a recipe that uses where shoppers went next, or the shopper's long-term profile: both are
 * built in the background from the tenant's window (home serves without them until then), and change the list.
 * Two tenants hold the same events; their active versions differ only in the recipe.
 */
class HomeSequenceAndProfileTest {
    private static final TenantAccess WITH = TestAccess.of("with");
    private static final TenantAccess WITHOUT = TestAccess.of("without");

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryEventStore eventStore = new InMemoryEventStore();
    private final CatalogService catalog = new CatalogService(new InMemoryItemStore(), clock, Duration.ofSeconds(2),
            Runnable::run, new MapTenantCaches(), 64L << 20);
    private final EventService events = new EventService(eventStore, clock, Duration.ofSeconds(1));
    private final List<Runnable> background = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final ModelRegistry registry = new ModelRegistry(new InMemoryModelArtifacts());
    private final SurfaceService surfaces = new SurfaceService(
            (tenant, since, max) -> eventStore.eventsOf(tenant).stream().map(StoredEvent::event)
                    .filter(e -> !e.occurredAt().isBefore(since)).toList(),
            events, catalog, new RecommendationLogWriter(new DiscardingRecommendationLog(), 100), clock,
            new SurfaceService.Settings(Duration.ofDays(90), 100_000, Duration.ofMinutes(10)),
            () -> new UUID(0, ids.incrementAndGet()), background::add,
            new ServingModels(registry, clock, Duration.ofDays(1), Runnable::run, new MapTenantCaches(), 256L << 20,
                    Duration.ofHours(1)),
            new TenantRecommendationSettings(new InMemoryModelArtifacts(), clock, Duration.ZERO),
            tenant -> List.of(), new MapTenantCaches(), 256L << 20);

    @Test
    void a_sequence_recipe_puts_where_shoppers_went_next_first_once_the_transitions_are_built() {
        HomeRecipe plain = new HomeRecipe(HomeRecipe.Learner.IALS, 1.0, false);
        serve(plain.withSequence(0.4), plain);
        // Six shoppers each went camera, lens, bag; this one just looked at the lens.
        List<ShopperEvent> batch = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            batch.add(view("u" + u, "camera", 600 - u));
            batch.add(view("u" + u, "lens", 540 - u));
            batch.add(view("u" + u, "bag", 480 - u));
        }
        batch.add(view("q", "lens", 10));
        track(batch);

        List<String> first = home(WITH, "q", 5);
        assertEquals(1, background.size(), "the sequences are built in the background, not for this request");
        background.removeFirst().run();
        List<String> with = home(WITH, "q", 5);
        List<String> without = home(WITHOUT, "q", 5);

        assertEquals(without, first, "served without the transitions until they were built");
        assertEquals("bag", with.getFirst(), "after the lens came the bag: " + with);
        assertTrue(with.indexOf("bag") < with.indexOf("camera"), with.toString());
        assertTrue(background.isEmpty(), "built once: " + background.size());
    }

    @Test
    void a_profile_recipe_brings_back_a_regulars_older_interest_beyond_their_latest_events() {
        HomeRecipe recent = new HomeRecipe(HomeRecipe.Learner.IALS, 1.0, true);
        serve(recent.withLongTermProfile(), recent);
        List<ShopperEvent> batch = new ArrayList<>();
        // Ten days ago the regular carted a tent three times; since, 50 views of socks (all that a request reads).
        for (int i = 0; i < 3; i++) {
            batch.add(cart("regular", "tent", Duration.ofDays(10).minusSeconds(i)));
        }
        for (int i = 0; i < 50; i++) {
            batch.add(view("regular", "sock-" + (i % 5), 3000 - i * 10));
        }
        // Campers cart a tent with a stove; more shoppers buy the camera, the lens and the bag (the bestsellers).
        for (int u = 0; u < 4; u++) {
            batch.add(cart("camper-" + u, "tent", Duration.ofDays(5).plusSeconds(u * 60L)));
            batch.add(cart("camper-" + u, "stove", Duration.ofDays(5).plusSeconds(u * 60L - 20)));
        }
        for (int u = 0; u < 8; u++) {
            for (String item : List.of("camera", "lens", "bag")) {
                batch.add(EventDraft.of("purchase", "p-" + u + "-" + item, item, clock.instant()
                        .minus(Duration.ofDays(3)).plusSeconds(u * 600L)).userId("buyer-" + u)
                        .build(clock.instant().plusSeconds(300)));
            }
        }
        track(batch);

        List<String> first = home(WITH, "regular", 20);
        assertEquals(1, background.size(), "the profiles are built in the background");
        background.removeFirst().run();
        List<String> with = home(WITH, "regular", 20);
        List<String> without = home(WITHOUT, "regular", 20);

        assertEquals(without, first, "served without the profile until it was built");
        assertTrue(with.indexOf("stove") < without.indexOf("stove"), "the tent in the regular's profile brings its "
                + "companion up: " + with + " against " + without);
        assertTrue(with.indexOf("stove") < with.indexOf("camera"), "ahead of the bestsellers: " + with);
    }

    @Test
    void home_weighs_the_learned_model_against_co_occurrence_as_the_recipe_says() {
        // The model ranks camera, lens, bag (in that order) for a camera viewer; co-occurrence puts the bag first.
        LearnedFactors factors = new LearnedFactors(1, List.of(new ItemId("camera"), new ItemId("lens"),
                new ItemId("bag")), new float[] {1f, 0.5f, -1f}, List.of(), new float[0]);
        HomeRecipe plain = new HomeRecipe(HomeRecipe.Learner.IALS, 1.0, false);
        serve(plain.withBlendWeight(1.0), plain, List.of(), factors);
        List<ShopperEvent> batch = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            batch.add(view("u" + u, "camera", 600 - u));
            batch.add(view("u" + u, "bag", 540 - u));
        }
        batch.add(view("q", "camera", 10));
        track(batch);

        List<String> modelAlone = home(WITH, "q", 3);
        List<String> blended = home(WITHOUT, "q", 3);
        assertEquals(List.of("camera", "lens", "bag"), modelAlone, "weight 1: the learned model's own order");
        assertEquals(List.of("camera", "bag", "lens"), blended, "weight 0.7: co-occurrence lifts the bag");
    }

    /** Each tenant's active version: the same factors, gate verdicts in which co-occurrence won home; its recipe. */
    private void serve(HomeRecipe with, HomeRecipe without) {
        serve(with, without, List.of(report(GateResult.CANDIDATE, 0.1), report(GateResult.OPPONENT, 0.2),
                report(GateResult.COOCCURRENCE, 0.3)), new LearnedFactors(1, List.of(new ItemId("camera")),
                new float[] {1f}, List.of(), new float[0]));
    }

    /** As above with the gate's {@code reports} (none: the model serves every surface) and the learned factors. */
    private void serve(HomeRecipe with, HomeRecipe without, List<EvaluationReport> reports,
                       LearnedFactors factors) {
        List<Item> items = new ArrayList<>();
        for (String id : List.of("camera", "lens", "bag", "tent", "stove", "sock-0", "sock-1", "sock-2", "sock-3",
                "sock-4")) {
            items.add(Item.of(id, id, "brand", List.of("Outdoor"), null, null, true, Map.of()));
        }
        for (TenantAccess tenant : List.of(WITH, WITHOUT)) {
            catalog.upsert(tenant, items);
            HomeRecipe recipe = tenant == WITH ? with : without;
            GateResult gate = new GateResult("popularity", "mean NDCG@20 of home and cart", 0.3, 0.2, 0.02, true,
                    "because", reports, recipe);
            registry.add(tenant.tenantId(), new ModelVersion(1, ModelVersion.Status.INACTIVE, clock.instant(),
                    clock.instant(), new TrainingSummary(10, 10, 2, 2, 1, 1, 0.1, Duration.ofMillis(1)), gate),
                    new FactorModel(factors, 10, 0.03));
            registry.promote(tenant.tenantId(), 1);
        }
    }

    private static EvaluationReport report(String model, double ndcg) {
        return new EvaluationReport(model, Surface.HOME, 20, 10, ndcg, ndcg, ndcg, 0.1);
    }

    /** Both tenants get the same events; their co-occurrence models are built before anything is asked. */
    private void track(List<ShopperEvent> batch) {
        events.track(WITH, batch);
        events.track(WITHOUT, batch);
        home(WITH, "nobody", 1);
        home(WITHOUT, "nobody", 1);
        while (!background.isEmpty()) {
            background.removeFirst().run();
        }
    }

    private List<String> home(TenantAccess tenant, String user, int limit) {
        Recommendations home = surfaces.home(tenant.tenantId(), user, limit, RecommendationFilters.none());
        return home.items().stream().map(ScoredItem::item).map(i -> i.id().value()).toList();
    }

    private ShopperEvent cart(String user, String item, Duration ago) {
        return EventDraft.of("add_to_cart", user + "-cart-" + item + "-" + ago.toSeconds(), item,
                clock.instant().minus(ago)).userId(user).build(clock.instant().plusSeconds(300));
    }

    private ShopperEvent view(String user, String item, int secondsAgo) {
        return EventDraft.view(user + "-" + item + "-" + secondsAgo, item, clock.instant().minusSeconds(secondsAgo))
                .userId(user).build(clock.instant().plusSeconds(300));
    }
}
