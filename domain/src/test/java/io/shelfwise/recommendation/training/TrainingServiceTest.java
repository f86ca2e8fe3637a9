package io.shelfwise.recommendation.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.CatalogService;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.port.out.ModelTrainer;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.ServingBlend;
import io.shelfwise.recommendation.ranking.SparseItemModel;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.serving.ServingModels;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.InMemoryItemStore;
import io.shelfwise.testing.InMemoryModelArtifacts;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.testing.MapTenantCaches;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The training use case with the trainer port faked: a store of two taste groups (A shoppers buy a-items, the more
 * numerous B shoppers b-items, so popularity favours b-items), an "oracle" trainer that learns exactly those two
 * groups, and a trainer that learns noise.
 */
class TrainingServiceTest {
    private static final TenantId SHOP = new TenantId("shop-a");
    private static final TenantId OTHER = new TenantId("shop-b");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final int EPOCHS = 4;

    private final AtomicLong eventIds = new AtomicLong();
    private final AtomicLong uuids = new AtomicLong();
    private final InMemoryModelArtifacts artifacts = new InMemoryModelArtifacts();
    private final ModelRegistry registry = new ModelRegistry(artifacts);
    private final ServingModels serving = new ServingModels(registry, CLOCK, Duration.ofDays(1), Runnable::run,
            new MapTenantCaches(), 256L << 20, Duration.ofHours(1));
    private final AtomicReference<TrainingRun> midTraining = new AtomicReference<>();
    private final Map<String, Long> trained = new java.util.concurrent.ConcurrentHashMap<>();
    /** The number of interactions of each call to the trainer, in order. */
    private final List<Integer> trainedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
    private List<ShopperEvent> events = store();
    /** The other tenant's events; none unless a test gives it some. */
    private List<ShopperEvent> otherEvents = List.of();
    /** Per EASE computation the trainer was asked for, the shopper-item pairs of its Gram matrix (its trace). */
    private final List<Integer> easePairs = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** No tuning unless a test asks for it: the fake trainers count their calls. */
    private TrainingSettings settings = TrainingSettings.defaults()
            .withOptions(new TrainingOptions(2, EPOCHS, 0.01f, 0.03f, 1)).withTuningBudget(Duration.ZERO);

    private TrainingService service(ModelTrainer trainer, Executor executor) {
        return service(trainer, executor, t -> true);
    }

    private TrainingService service(ModelTrainer trainer, Executor executor,
                                    java.util.function.Predicate<io.shelfwise.tenancy.TenantId> recentItemsOnHome) {
        current = new TrainingService(history(),
                catalog(), trainer, registry, new TrainingRunLog(artifacts), serving,
                (tenant, metric, amount) -> trained.merge(tenant.value() + "/" + metric, amount, Long::sum), CLOCK,
                settings, () -> new UUID(0, uuids.incrementAndGet()), executor, recentItemsOnHome);
        return current;
    }

    /** Each tenant's events, as the event store gives them: from a time on, and the newest one's time. */
    private io.shelfwise.recommendation.port.out.InteractionHistory history() {
        return new io.shelfwise.recommendation.port.out.InteractionHistory() {
            @Override
            public List<ShopperEvent> eventsSince(TenantId tenant, Instant since, int max) {
                return of(tenant).stream().filter(e -> !e.occurredAt().isBefore(since)).toList();
            }

            @Override
            public java.util.Optional<Instant> newestEventAt(TenantId tenant) {
                return of(tenant).stream().map(ShopperEvent::occurredAt).max(Instant::compareTo);
            }

            private List<ShopperEvent> of(TenantId tenant) {
                return tenant.equals(SHOP) ? events : tenant.equals(OTHER) ? otherEvents : List.of();
            }
        };
    }

    private TrainingService service(ModelTrainer trainer) {
        return service(trainer, Runnable::run);
    }

    @Test
    void a_first_model_that_beats_popularity_is_promoted_and_serves_at_once() {
        TrainingService service = service(oracle());
        TrainingRun run = service.startTraining(SHOP);

        assertEquals(TrainingRun.State.PROMOTED, run.state(), run.message());
        assertEquals(1, run.version());
        assertEquals(EPOCHS, run.epoch());
        assertEquals(List.of(4.0, 3.0, 2.0, 1.0), run.losses());
        assertNull(run.eta(), "no ETA once training is over");
        assertTrue(run.message().contains("vs popularity"), run.message());

        ModelVersion v1 = service.modelVersion(SHOP, 1);
        assertEquals(ModelVersion.Status.ACTIVE, v1.status());
        assertTrue(v1.gate().passed());
        assertTrue(v1.gate().candidateScore() > v1.gate().opponentScore() * 1.02, v1.gate().reason());
        assertEquals(9 + HomeRecipe.candidates(true).size() + HomeRecipe.BLEND_WEIGHTS.size()
                + HomeRecipe.SEQUENCE_WEIGHTS.size(), v1.gate().reports().size(), "every surface, for the candidate, "
                + "the opponent and co-occurrence, home per recipe tried, and the kept one with each other weight "
                + "against co-occurrence and each sequence weight (no shopper has a long-term profile)");
        assertTrue(run.message().contains("home serves"), run.message());
        assertEquals(v1.gate().choices(), serving.current(SHOP).orElseThrow().choices(),
                "serving follows the gate's choice per surface");
        assertTrue(v1.gate().reports().stream().anyMatch(r -> r.surface() == Surface.CART && r.queries() > 0));
        assertEquals(events.stream().map(ShopperEvent::occurredAt).max(Instant::compareTo).orElseThrow(),
                v1.trainedUntil(), "the winner was refit on the whole window, up to the latest event");
        assertEquals(2, trainedOn.size(), "trained on the split, then refit");
        assertTrue(trainedOn.get(1) > trainedOn.get(0), "the refit saw the 7 held-out days too: " + trainedOn);
        assertEquals(EPOCHS, v1.training().epochs());
        assertEquals(1.0, v1.training().loss());
        assertEquals(1, serving.current(SHOP).orElseThrow().version());
        assertTrue(serving.current(OTHER).isEmpty(), "another tenant is never served this tenant's model");
    }

    @Test
    void the_gate_scores_home_with_or_without_recent_items_as_the_tenant_serves_it() {
        // Each shopper looked at the item they cart weeks later (and did not buy it then): a recent item.
        List<ShopperEvent> withViews = new ArrayList<>(events);
        for (int s = 0; s < 60; s++) {
            String group = s < 20 ? "a" : "b";
            withViews.add(event(group + "-shopper-" + s, EventType.VIEW,
                    Instant.parse("2026-10-12T10:00:00Z").plus(Duration.ofHours(s)), group + ((s + 3) % 10)));
        }
        withViews.sort(java.util.Comparator.comparing(ShopperEvent::occurredAt));
        events = withViews;
        service(oracle(), Runnable::run, t -> true).startTraining(SHOP);
        service(oracle(), Runnable::run, t -> false).startTraining(SHOP);

        EvaluationReport with = bestRecipe(current.modelVersion(SHOP, 1));
        EvaluationReport without = bestRecipe(current.modelVersion(SHOP, 2));
        assertEquals(with.queries(), without.queries());
        assertTrue(with.ndcg() > without.ndcg(), "the same candidate, scored as each tenant serves it: "
                + with.ndcg() + " with the shopper's recent items, " + without.ndcg() + " without");
        EvaluationReport cart = current.modelVersion(SHOP, 2).gate().reports().stream()
                .filter(r -> r.model().equals(GateResult.CANDIDATE) && r.surface() == Surface.CART).findFirst()
                .orElseThrow();
        assertEquals(current.modelVersion(SHOP, 1).gate().reports().stream()
                .filter(r -> r.model().equals(GateResult.CANDIDATE) && r.surface() == Surface.CART).findFirst()
                .orElseThrow().ndcg(), cart.ndcg(), "the cart is the same either way");
    }

    @Test
    void the_gate_tries_every_home_recipe_keeps_the_best_on_home_ndcg_and_serving_composes_home_with_it() {
        service(oracle(), Runnable::run, t -> true).startTraining(SHOP);
        ModelVersion v1 = current.modelVersion(SHOP, 1);
        List<EvaluationReport> tried = v1.gate().reports().stream()
                .filter(r -> r.model().startsWith(GateResult.CANDIDATE + " home: ")).toList();
        HomeRecipe beforeSequence = v1.gate().home().withSequence(0);
        HomeRecipe ofSixteen = beforeSequence.withBlendWeight(ServingBlend.WEIGHTS.home());
        List<String> expected = new ArrayList<>(HomeRecipe.candidates(true).stream().map(GateResult::homeRecipeReport)
                .toList());
        HomeRecipe.BLEND_WEIGHTS.forEach(w -> expected.add(GateResult.homeRecipeReport(ofSixteen.withBlendWeight(w))));
        HomeRecipe.SEQUENCE_WEIGHTS.forEach(w -> expected.add(GateResult.homeRecipeReport(
                beforeSequence.withSequence(w))));
        assertEquals(expected, tried.stream().map(EvaluationReport::model).toList(), "each recipe, in order, then "
                + "the best of them with each other weight against co-occurrence, then the best so far with each "
                + "sequence weight");
        double best = tried.stream().mapToDouble(EvaluationReport::ndcg).max().orElseThrow();
        EvaluationReport kept = tried.stream().filter(r -> r.ndcg() == best).findFirst().orElseThrow();
        assertEquals(GateResult.homeRecipeReport(v1.gate().home()), kept.model(),
                "the first recipe with the best home NDCG: a tie keeps the simpler one");
        assertEquals(kept.ndcg(), homeOfCandidate(v1).ndcg(), "the candidate's home is scored as kept");
        assertTrue(v1.gate().reason().contains("home composed as " + v1.gate().home().describe()),
                v1.gate().reason());
        assertEquals(v1.gate().home(), serving.current(SHOP).orElseThrow().home(), "serving composes home so");

        service(oracle(), Runnable::run, t -> false).startTraining(SHOP);
        ModelVersion v2 = current.modelVersion(SHOP, 2);
        assertTrue(v2.gate().reports().stream().filter(r -> r.model().startsWith(GateResult.CANDIDATE + " home: "))
                .noneMatch(r -> r.model().contains("recent items")), "no recipe with recent items where the "
                + "tenant turned them off");
        assertFalse(v2.gate().home().recentItems());
    }

    @Test
    void where_ease_ranks_home_better_the_gate_keeps_it_and_serves_it_refit_with_its_item_model() {
        // The factor model learns noise; EASE links each item to the others of its group, which is what sells.
        service(withEase(noise()), Runnable::run, t -> true).startTraining(SHOP);
        ModelVersion v1 = current.modelVersion(SHOP, 1);
        assertEquals(HomeRecipe.candidates(true, true).stream().map(GateResult::homeRecipeReport).toList(),
                recipeRows(v1).stream().map(EvaluationReport::model).toList(),
                "every recipe over each learned model, in order");
        assertEquals(HomeRecipe.Learner.EASE, v1.gate().home().learner(), v1.gate().reason());
        assertEquals(ModelVersion.Status.ACTIVE, v1.status(), v1.gate().reason());
        assertTrue(v1.gate().reason().contains("home composed as ease"), v1.gate().reason());
        assertEquals(2, easePairs.size(), "EASE on the split, then refit on the whole window: " + easePairs);
        assertTrue(easePairs.get(1) > easePairs.get(0), "the refit saw the held-out days too: " + easePairs);

        SparseItemModel stored = registry.loadItemModel(SHOP, 1).orElseThrow();
        assertEquals(20, stored.items().size(), "every item some shopper touched");
        ServingModels.Served served = serving.current(SHOP).orElseThrow();
        assertEquals(HomeRecipe.Learner.EASE, served.home().learner());
        List<ItemId> home = served.itemRanker().home(List.of(new Interaction(new ItemId("a1"), EventType.VIEW,
                NOW)), 5);
        assertTrue(home.stream().allMatch(i -> i.value().startsWith("a")), "ranked by the stored weights: " + home);
        assertEquals("ease-v1", served.itemModelName());
    }

    @Test
    void a_version_whose_home_keeps_the_factor_model_stores_no_item_model() {
        service(withEase(oracle()), Runnable::run, t -> true).startTraining(SHOP);
        ModelVersion v1 = current.modelVersion(SHOP, 1);
        assertEquals(16, recipeRows(v1).size());
        assertEquals(v1.gate().home().learner() == HomeRecipe.Learner.EASE, registry.loadItemModel(SHOP, 1)
                .isPresent(), "an item model exactly where home uses one: " + v1.gate().home());
        assertEquals(v1.gate().home().learner() == HomeRecipe.Learner.EASE,
                serving.current(SHOP).orElseThrow().itemRanker() != null);
    }

    @Test
    void an_imported_history_dated_two_years_ago_trains_on_its_own_window() {
        Duration twoYears = Duration.ofDays(730);
        events = store().stream().map(e -> new ShopperEvent(e.eventId(), e.type(), e.userId(), e.anonymousId(),
                e.itemIds(), e.quantity(), e.price(), e.currency(), e.query(), e.recommendationId(),
                e.occurredAt().minus(twoYears), e.couponCode())).toList();
        TrainingRun run = service(oracle()).startTraining(SHOP);
        assertEquals(TrainingRun.State.PROMOTED, run.state(), run.message());
        ModelVersion v1 = current.modelVersion(SHOP, 1);
        assertEquals(events.getLast().occurredAt(), v1.trainedUntil(), "it learned up to its own newest event");
        assertTrue(homeOfCandidate(v1).queries() > 0, "and was evaluated on its own last 7 days");
    }

    @Test
    void two_tenants_choices_are_independent() {
        // The other store: in its last days shoppers buy the other group's items, so learning the groups misleads
        // and the bestsellers (b-items) sell better on home.
        otherEvents = store().stream().map(e -> e.occurredAt().isBefore(Instant.parse("2026-11-19T00:00:00Z")) ? e
                : new ShopperEvent(e.eventId() + "-other", e.type(), e.userId(), e.anonymousId(),
                e.itemIds().stream().map(i -> new ItemId((i.value().startsWith("a") ? "b" : "a")
                        + i.value().substring(1))).toList(), e.quantity(), e.price(), e.currency(), e.query(),
                e.recommendationId(), e.occurredAt(), e.couponCode())).toList();
        TrainingService service = service(oracle());
        service.startTraining(SHOP);
        ModelVersion shop = current.modelVersion(SHOP, 1);
        service.startTraining(OTHER);
        ModelVersion other = current.modelVersion(OTHER, 1);

        assertEquals(GateResult.Choice.POPULARITY, other.gate().choices().get(Surface.HOME), other.gate().reason());
        assertNotEquals(GateResult.Choice.POPULARITY, shop.gate().choices().get(Surface.HOME), shop.gate().reason());
        assertNotEquals(homeOfCandidate(shop).ndcg(), homeOfCandidate(other).ndcg(), "each on its own data");
        assertEquals(shop, current.modelVersion(SHOP, 1), "training the other tenant changed nothing of this one");
        assertEquals(1, serving.current(SHOP).orElseThrow().version());
        assertEquals(List.of(1), registry.versions(OTHER).stream().map(ModelVersion::version).toList());
    }

    /** The best of the recipes the gate tries first ({@link HomeRecipe#candidates}), before the sequence. */
    private static EvaluationReport bestRecipe(ModelVersion version) {
        return recipeRows(version).stream().max(java.util.Comparator.comparingDouble(EvaluationReport::ndcg))
                .orElseThrow();
    }

    /**
     * The rows of {@link HomeRecipe#candidates}, without those of the blend weights, the sequence and the profile
     * tried after.
     */
    private static List<EvaluationReport> recipeRows(ModelVersion version) {
        return version.gate().reports().stream().filter(r -> r.model().startsWith(GateResult.CANDIDATE + " home: ")
                && !r.model().contains("sequence") && !r.model().contains("long-term profile")
                && !r.model().contains("against co-occurrence")).toList();
    }

    private static EvaluationReport homeOfCandidate(ModelVersion version) {
        return version.gate().reports().stream()
                .filter(r -> r.model().equals(GateResult.CANDIDATE) && r.surface() == Surface.HOME).findFirst()
                .orElseThrow();
    }

    @Test
    void progress_shows_epochs_loss_and_an_eta_while_training() {
        TrainingService service = service(oracle());
        service.startTraining(SHOP);
        TrainingRun during = midTraining.get();
        assertEquals(TrainingRun.State.TRAINING, during.state());
        assertEquals(2, during.epoch());
        assertEquals(List.of(4.0, 3.0), during.losses());
        assertEquals(Duration.ofSeconds(2), during.eta(), "two epochs of one second each remain");
    }

    @Test
    void a_candidate_no_better_than_the_active_model_is_stored_rejected_with_the_reason() {
        TrainingService service = service(oracle());
        service.startTraining(SHOP);
        TrainingRun again = service.startTraining(SHOP);

        assertEquals(TrainingRun.State.REJECTED, again.state());
        assertEquals(2, again.version());
        ModelVersion v2 = service.modelVersion(SHOP, 2);
        assertEquals(ModelVersion.Status.REJECTED, v2.status());
        assertEquals("v1", v2.gate().opponent());
        assertFalse(v2.gate().passed());
        assertTrue(v2.gate().reason().contains("not promoted") && v2.gate().reason().contains("+0.0 %"),
                v2.gate().reason());
        assertEquals(1, serving.current(SHOP).orElseThrow().version(), "v1 keeps serving");
        assertEquals(Map.of("shop-a/MODELS_TRAINED", 2L), trained, "each stored model is metered, promoted or not");
        assertEquals(ModelVersion.Status.ACTIVE, service.modelVersion(SHOP, 1).status());
    }

    @Test
    void a_model_of_noise_loses_to_the_active_one_and_a_manual_promote_and_rollback_swap_serving() {
        service(oracle()).startTraining(SHOP);
        TrainingService service = service(noise());
        assertEquals(TrainingRun.State.REJECTED, service.startTraining(SHOP).state());

        assertEquals(ModelVersion.Status.ACTIVE, service.promote(SHOP, 2).status());
        assertEquals(2, serving.current(SHOP).orElseThrow().version());
        assertEquals(1, service.rollback(SHOP).version());
        assertEquals(1, serving.current(SHOP).orElseThrow().version());
        assertThrows(NotFoundException.class, () -> service.promote(OTHER, 1));
    }

    @Test
    void a_candidate_is_not_promoted_when_the_active_model_changed_by_hand_while_it_trained() {
        TrainingService manual = service(noise());
        manual.startTraining(SHOP);
        manual.promote(SHOP, 1);
        manual.startTraining(SHOP);
        manual.promote(SHOP, 2);
        // While the next run trains, an operator rolls back to v1.
        TrainingService service = service(trainer(id -> id.value().startsWith("a") ? new float[] {1, 0}
                : new float[] {0, 1}, () -> current.rollback(SHOP)));
        TrainingRun run = service.startTraining(SHOP);

        assertEquals(TrainingRun.State.REJECTED, run.state(), run.message());
        assertTrue(run.message().contains("active model changed during the run"), run.message());
        assertEquals("v2", service.modelVersion(SHOP, 3).gate().opponent(), "judged against what was active");
        assertEquals(1, serving.current(SHOP).orElseThrow().version(), "the operator's rollback stands");
    }

    @Test
    void data_that_cannot_give_a_model_fails_the_run_with_a_specific_reason_and_stores_nothing() {
        events = store().stream().filter(e -> !e.occurredAt().isBefore(Instant.parse("2026-11-19T00:00:00Z")))
                .toList();
        TrainingRun onlyRecent = service(oracle()).startTraining(SHOP);
        assertEquals(TrainingRun.State.FAILED, onlyRecent.state());
        assertTrue(onlyRecent.message().contains("held out"), onlyRecent.message());

        TrainingRun none = service(oracle()).startTraining(OTHER);
        assertEquals(TrainingRun.State.FAILED, none.state());
        assertTrue(none.message().contains("no events"), none.message());
        assertTrue(registry.versions(SHOP).isEmpty());
        assertTrue(trained.isEmpty(), "a run that stores no model is not metered");
    }

    @Test
    void another_replica_answers_for_a_run_it_did_not_start() {
        TrainingService first = service(oracle());
        TrainingRun run = first.startTraining(SHOP);
        TrainingService second = service(oracle());

        TrainingRun seen = second.trainingRun(SHOP, run.id());
        assertEquals(TrainingRun.State.PROMOTED, seen.state());
        assertEquals(run.losses(), seen.losses());
        assertEquals(run.version(), seen.version());
        assertEquals(run.message(), seen.message());
        assertEquals(List.of(run.id()), second.trainingRuns(SHOP).stream().map(TrainingRun::id).toList());
        assertThrows(NotFoundException.class, () -> second.trainingRun(OTHER, run.id()));
        assertThrows(NotFoundException.class, () -> second.trainingRun(SHOP, "../../active"));
    }

    @Test
    void one_run_per_tenant_at_a_time_and_runs_are_listed_per_tenant() {
        List<Runnable> queued = new ArrayList<>();
        TrainingService service = service(oracle(), queued::add);
        TrainingRun first = service.startTraining(SHOP);
        assertEquals(TrainingRun.State.QUEUED, first.state());
        assertThrows(ConflictException.class, () -> service.startTraining(SHOP));
        assertEquals(TrainingRun.State.QUEUED, service.startTraining(OTHER).state(), "other tenants are not held up");
        queued.forEach(Runnable::run);
        assertEquals(TrainingRun.State.PROMOTED, service.trainingRun(SHOP, first.id()).state());
        assertEquals(List.of(first.id()), service.trainingRuns(SHOP).stream().map(TrainingRun::id).toList());
        assertThrows(NotFoundException.class, () -> service.trainingRun(OTHER, first.id()));
    }

    @Test
    void tuning_serves_the_size_and_penalty_that_scores_best_refit_with_them() {
        settings = settings.withTuningBudget(Duration.ofMinutes(1));
        List<TrainingOptions> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Learns the groups only with a strong penalty; noise otherwise.
        ModelTrainer oracle = oracle();
        ModelTrainer noise = noise();
        ModelTrainer picky = (data, options, progress) -> {
            asked.add(options);
            return (options.regularization() > 0.1f ? oracle : noise).train(data, options, progress);
        };
        TrainingRun run = service(picky).startTraining(SHOP);

        assertEquals(TrainingRun.State.PROMOTED, run.state(), run.message());
        ModelVersion v1 = current.modelVersion(SHOP, 1);
        List<String> tuned = v1.gate().reports().stream().filter(r -> r.surface() == Surface.HOME)
                .map(EvaluationReport::model).filter(m -> m.startsWith(GateResult.TUNING_PREFIX)).toList();
        assertEquals(List.of("tuning: 2 factors, penalty 0.03", "tuning: 2 factors, penalty 0.3",
                "tuning: 4 factors, penalty 0.03"), tuned, "the default, then the others cheapest first");
        assertEquals(0.3, registry.load(SHOP, 1).regularization(), 1e-6, "the penalty that learned the groups");
        assertEquals(List.of(0.03f, 0.3f, 0.03f, 0.3f), asked.stream().map(TrainingOptions::regularization).toList(),
                "split with each option, then the refit with the chosen one");
        assertEquals(2, v1.training().factors());

        // An explicit recipe (as a rollout gives) is trained as asked, nothing else tried.
        asked.clear();
        current.startTraining(SHOP, new TrainingOptions(2, EPOCHS, 0.01f, 0.03f, 1));
        assertFalse(asked.isEmpty());
        assertTrue(asked.stream().allMatch(o -> o.regularization() == 0.03f), asked.toString());
        assertTrue(current.modelVersion(SHOP, 2).gate().reports().stream()
                .noneMatch(r -> r.model().startsWith(GateResult.TUNING_PREFIX)));
    }

    @Test
    void tuning_tries_only_what_fits_in_its_budget() {
        settings = settings.withTuningBudget(Duration.ofNanos(1));
        service(oracle()).startTraining(SHOP);
        assertEquals(List.of("tuning: 2 factors, penalty 0.03"), current.modelVersion(SHOP, 1).gate().reports()
                .stream().filter(r -> r.surface() == Surface.HOME).map(EvaluationReport::model)
                .filter(m -> m.startsWith(GateResult.TUNING_PREFIX)).toList(), "no other fits in a nanosecond");
        assertEquals(2, trainedOn.size(), "the split and the refit");
    }

    @Test
    void where_the_order_of_visits_predicts_the_next_item_the_gate_keeps_the_sequence_and_serving_uses_it() {
        events = chains(1);
        service(oracle()).startTraining(SHOP);
        ModelVersion v1 = current.modelVersion(SHOP, 1);
        assertTrue(v1.gate().home().usesSequence(), v1.gate().reason());
        assertTrue(v1.gate().reason().contains("sequence"), v1.gate().reason());
        double withSequence = reportOf(v1, GateResult.homeRecipeReport(v1.gate().home())).ndcg();
        double without = reportOf(v1, GateResult.homeRecipeReport(v1.gate().home().withSequence(0))).ndcg();
        assertTrue(withSequence > without, withSequence + " with the next items, " + without + " without");
        assertEquals(v1.gate().home(), serving.current(SHOP).orElseThrow().home());
    }

    @Test
    void where_shoppers_go_back_along_the_chain_the_gate_leaves_the_sequence_out() {
        events = chains(-3);
        service(oracle()).startTraining(SHOP);
        ModelVersion v1 = current.modelVersion(SHOP, 1);
        assertFalse(v1.gate().home().usesSequence(), v1.gate().reason());
        HomeRecipe base = v1.gate().home();
        for (double w : HomeRecipe.SEQUENCE_WEIGHTS) {
            assertTrue(reportOf(v1, GateResult.homeRecipeReport(base.withSequence(w))).ndcg()
                    <= reportOf(v1, GateResult.homeRecipeReport(base)).ndcg(), "tried and lost: " + w);
        }
    }

    @Test
    void where_regulars_older_interests_predict_what_they_buy_the_gate_keeps_the_long_term_profile() {
        events = regulars();
        service(oracle()).startTraining(SHOP);
        ModelVersion v1 = current.modelVersion(SHOP, 1);
        assertTrue(v1.gate().home().longTermProfile(), v1.gate().reason());
        double with = reportOf(v1, GateResult.homeRecipeReport(v1.gate().home())).ndcg();
        assertEquals(with, homeOfCandidate(v1).ndcg(), "the candidate's home is scored with the profile");
        assertTrue(v1.gate().reports().stream().filter(r -> r.model().startsWith(GateResult.CANDIDATE + " home: "))
                .filter(r -> !r.model().contains("long-term profile")).allMatch(r -> r.ndcg() < with),
                "every recipe without the profile scored lower");
        assertTrue(serving.current(SHOP).orElseThrow().home().longTermProfile());
    }

    private static EvaluationReport reportOf(ModelVersion version, String model) {
        return version.gate().reports().stream().filter(r -> r.model().equals(model)).findFirst().orElseThrow();
    }

    /**
     * Each shopper walks three consecutive items of their group's chain (a0, a1, ... a9, a0) in one October visit,
     * minutes apart, buying the third; in the last 7 days they cart and buy the item {@code step} places after
     * the third (1: the next one in the chain; -3: the one before the first, which they never touched).
     */
    private List<ShopperEvent> chains(int step) {
        List<ShopperEvent> all = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            String group = s < 20 ? "a" : "b";
            String shopper = group + "-shopper-" + s;
            Instant day = Instant.parse("2026-10-10T10:00:00Z").plus(Duration.ofHours(s));
            for (int j = 0; j < 3; j++) {
                all.add(event(shopper, j == 2 ? EventType.PURCHASE : EventType.VIEW, day.plusSeconds(60L * j),
                        group + ((s + j) % 10)));
            }
            String target = group + ((s + 2 + step + 10) % 10);
            Instant late = Instant.parse("2026-11-21T10:00:00Z").plus(Duration.ofMinutes(s));
            all.add(event(shopper, EventType.ADD_TO_CART, late, target));
            all.add(event(shopper, EventType.PURCHASE, late.plusSeconds(30), target));
        }
        all.sort(java.util.Comparator.comparing(ShopperEvent::occurredAt));
        return all;
    }

    /**
     * 60 regulars: in early October each carts (without buying) 20 items of their own group; then views 50 items,
     * every other one of each group; in the last 7 days they cart and buy two items of their own group.
     */
    private List<ShopperEvent> regulars() {
        List<ShopperEvent> all = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            String group = s < 20 ? "a" : "b";
            String other = s < 20 ? "b" : "a";
            String shopper = group + "-shopper-" + s;
            Instant early = Instant.parse("2026-10-01T10:00:00Z").plus(Duration.ofMinutes(s));
            for (int j = 0; j < 20; j++) {
                all.add(event(shopper, EventType.ADD_TO_CART, early.plus(Duration.ofHours(j)), group + ((s + j) % 10)));
            }
            Instant later = Instant.parse("2026-10-20T10:00:00Z").plus(Duration.ofMinutes(s));
            for (int j = 0; j < 50; j++) {
                all.add(event(shopper, EventType.VIEW, later.plus(Duration.ofHours(j)), (j % 2 == 0 ? other : group)
                        + ((s + j) % 10)));
            }
            Instant late = Instant.parse("2026-11-21T10:00:00Z").plus(Duration.ofMinutes(s));
            String first = group + ((s + 3) % 10);
            String second = group + ((s + 4) % 10);
            all.add(event(shopper, EventType.ADD_TO_CART, late, first));
            all.add(event(shopper, EventType.ADD_TO_CART, late.plusSeconds(20), second));
            all.add(event(shopper, EventType.PURCHASE, late.plusSeconds(40), first, second));
        }
        all.sort(java.util.Comparator.comparing(ShopperEvent::occurredAt));
        return all;
    }

    /** Learns the two groups exactly: a-items (1, 0), b-items (0, 1); reports loss 4, 3, 2, 1 a second apart. */
    private ModelTrainer oracle() {
        return trainer(id -> id.value().startsWith("a") ? new float[] {1, 0} : new float[] {0, 1});
    }

    private ModelTrainer noise() {
        // The same noise for an item on every call, as a refit of the same recipe would give.
        return trainer(id -> {
            java.util.Random random = new java.util.Random(id.value().hashCode() * 31L + 3);
            return new float[] {random.nextFloat() - 0.5f, random.nextFloat() - 0.5f};
        });
    }

    /**
     * {@code factors}, with EASE weights that link each item to every other item of its group (weight 1), the
     * trace of each Gram matrix it is given recorded in {@link #easePairs}.
     */
    private ModelTrainer withEase(ModelTrainer factors) {
        return new ModelTrainer() {
            @Override
            public LearnedFactors train(Interactions data, TrainingOptions options,
                                        io.shelfwise.recommendation.training.TrainingProgress progress) {
                return factors.train(data, options, progress);
            }

            @Override
            public java.util.Optional<float[]> easeWeights(EaseGram gram, float lambda) {
                int n = gram.items().size();
                int trace = 0;
                float[] weights = new float[n * n];
                for (int i = 0; i < n; i++) {
                    trace += (int) gram.matrix()[i * n + i];
                    for (int j = 0; j < n; j++) {
                        boolean sameGroup = gram.items().get(i).value().charAt(0)
                                == gram.items().get(j).value().charAt(0);
                        weights[i * n + j] = i != j && sameGroup ? 1f : 0f;
                    }
                }
                easePairs.add(trace);
                return java.util.Optional.of(weights);
            }
        };
    }

    private ModelTrainer trainer(java.util.function.Function<ItemId, float[]> vectorOf) {
        return trainer(vectorOf, () -> { });
    }

    /** {@code duringTraining} runs after the second epoch, as something that happens while a model trains. */
    private ModelTrainer trainer(java.util.function.Function<ItemId, float[]> vectorOf, Runnable duringTraining) {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        return (Interactions data, TrainingOptions options, io.shelfwise.recommendation.training.TrainingProgress progress) -> {
            trainedOn.add(data.size());
            // Only a run's first call trains under observation; its refit happens after the gate.
            boolean first = calls.incrementAndGet() % 2 == 1;
            float[] items = new float[data.items().size() * 2];
            for (int i = 0; i < data.items().size(); i++) {
                System.arraycopy(vectorOf.apply(data.items().get(i)), 0, items, i * 2, 2);
            }
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                progress.epochDone(epoch, options.epochs(), options.epochs() + 1 - epoch, Duration.ofSeconds(epoch));
                if (epoch == 2 && first) {
                    midTraining.set(lastServiceRun());
                    duringTraining.run();
                }
            }
            return new LearnedFactors(2, data.items(), items, data.users(), new float[data.users().size() * 2]);
        };
    }

    private TrainingService current;

    private TrainingRun lastServiceRun() {
        return current.trainingRuns(SHOP).getFirst();
    }

    /** The real catalog service over an in-memory store holding ten a-items and ten b-items, all in stock. */
    private BrowseCatalog catalog() {
        InMemoryItemStore store = new InMemoryItemStore();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(item("a" + i));
            items.add(item("b" + i));
        }
        store.upsert(SHOP, items);
        store.upsert(OTHER, items);
        return new CatalogService(store, new MapTenantCaches());
    }

    private static Item item(String id) {
        return new Item(new ItemId(id), "Item " + id, null, List.of(), null, null, true, Map.of());
    }

    /**
     * 20 A shoppers and 40 B shoppers; in October and early November each views and buys three items of their
     * group (rotating, so items co-occur within the group); in the last 7 days each adds two more items of their
     * group to the cart and buys them together.
     */
    private List<ShopperEvent> store() {
        List<ShopperEvent> all = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            String group = s < 20 ? "a" : "b";
            String shopper = group + "-shopper-" + s;
            Instant day = Instant.parse("2026-10-10T10:00:00Z").plus(Duration.ofHours(s));
            for (int j = 0; j < 3; j++) {
                String item = group + ((s + j) % 10);
                all.add(event(shopper, EventType.VIEW, day.plusSeconds(60L * j), item));
                all.add(event(shopper, EventType.PURCHASE, day.plusSeconds(60L * j + 30), item));
            }
            Instant late = Instant.parse("2026-11-21T10:00:00Z").plus(Duration.ofMinutes(s));
            String first = group + ((s + 3) % 10);
            String second = group + ((s + 4) % 10);
            all.add(event(shopper, EventType.ADD_TO_CART, late, first));
            all.add(event(shopper, EventType.ADD_TO_CART, late.plusSeconds(20), second));
            all.add(event(shopper, EventType.PURCHASE, late.plusSeconds(40), first, second));
        }
        all.sort(java.util.Comparator.comparing(ShopperEvent::occurredAt));
        return all;
    }

    private ShopperEvent event(String shopper, EventType type, Instant at, String... items) {
        boolean purchase = type == EventType.PURCHASE;
        return new ShopperEvent("e-" + eventIds.incrementAndGet(), type, shopper, null,
                java.util.Arrays.stream(items).map(ItemId::new).toList(), purchase ? 1 : null,
                purchase ? BigDecimal.TEN : null, purchase ? "EUR" : null, null, null, at);
    }
}
