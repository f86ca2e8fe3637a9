package io.shelfwise.recommendation.training;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.metering.UsageMetric;
import io.shelfwise.metering.port.in.RecordUsage;
import io.shelfwise.recommendation.DataWindow;
import io.shelfwise.recommendation.evaluation.EvaluationHarness;
import io.shelfwise.recommendation.evaluation.EvaluationProtocol;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.evaluation.TimeSplit;
import io.shelfwise.recommendation.port.in.ManageModels;
import io.shelfwise.recommendation.port.in.TrainModels;
import io.shelfwise.recommendation.port.out.InteractionHistory;
import io.shelfwise.recommendation.port.out.ModelTrainer;
import io.shelfwise.recommendation.ranking.CategoryTasteModel;
import io.shelfwise.recommendation.ranking.CooccurrenceModel;
import io.shelfwise.recommendation.ranking.EventWeights;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.LongTermProfiles;
import io.shelfwise.recommendation.ranking.MemoizedRanker;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.recommendation.ranking.PopularityRanker;
import io.shelfwise.recommendation.ranking.Ranker;
import io.shelfwise.recommendation.ranking.ServingBlend;
import io.shelfwise.recommendation.ranking.SparseItemModel;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.recommendation.ranking.TransitionModel;
import io.shelfwise.recommendation.registry.ActiveModelListener;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.registry.TrainingSummary;
import io.shelfwise.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Trains a tenant's model and decides whether it serves. A run reads the tenant's events, holds out the last
 * {@link TrainingSettings#testDays()} days, trains the factor model on the days before them through
 * {@link ModelTrainer} (reporting each epoch's loss and an ETA), and, where the trainer computes it, the EASE item
 * model over the most active items ({@link TrainingSettings.Ease}); it tries every {@link HomeRecipe} over each on
 * home and keeps the best, then scores the candidate, blended with
 * co-occurrence as serving blends it ({@link ServingBlend}), on the held-out days against the active version, or
 * against popularity for a tenant's first model. It stores every candidate in the {@link ModelRegistry} with its
 * metrics and the gate's reason, and promotes it, swapping it into serving at once, only when it leads the
 * opponent's mean NDCG@K of home and cart by the margin. Every stored model counts as one
 * {@link UsageMetric#MODELS_TRAINED}. Runs execute on {@code training}, one per tenant at a time in this process;
 * each state change and epoch is also recorded in the registry, so any replica answers for a run. (Two replicas
 * can still start runs for one tenant at the same moment; the one-run rule is per process.)
 */
public final class TrainingService implements TrainModels, ManageModels {
    private static final System.Logger LOG = System.getLogger(TrainingService.class.getName());
    private static final int RUNS_KEPT = 20;
    /** A fallback that fills nothing: a list of the item model alone, topped up by co-occurrence. */
    private static final PopularityRanker NOTHING = new PopularityRanker(List.of(), id -> true);

    private final java.util.function.Predicate<TenantId> recentItemsOnHome;
    private final InteractionHistory history;
    private final BrowseCatalog catalog;
    private final ModelTrainer trainer;
    private final ModelRegistry registry;
    private final TrainingRunLog runLog;
    private final ActiveModelListener serving;
    private final RecordUsage usage;
    private final Clock clock;
    private final TrainingSettings settings;
    private final Supplier<UUID> ids;
    private final Executor training;
    private final Map<TenantId, Deque<Tracker>> runs = new HashMap<>();

    public TrainingService(InteractionHistory history, BrowseCatalog catalog, ModelTrainer trainer,
                           ModelRegistry registry, TrainingRunLog runLog, ActiveModelListener serving,
                           RecordUsage usage, Clock clock,
                           TrainingSettings settings, Supplier<UUID> ids, Executor training) {
        this(history, catalog, trainer, registry, runLog, serving, usage, clock, settings, ids, training, t -> true);
    }

    /**
     * @param recentItemsOnHome whether a tenant's home blends in the shopper's recent items (its recommendation
     *                          settings), so that the gate scores home as it will serve
     */
    public TrainingService(InteractionHistory history, BrowseCatalog catalog, ModelTrainer trainer,
                           ModelRegistry registry, TrainingRunLog runLog, ActiveModelListener serving,
                           RecordUsage usage, Clock clock,
                           TrainingSettings settings, Supplier<UUID> ids, Executor training,
                           java.util.function.Predicate<TenantId> recentItemsOnHome) {
        this.recentItemsOnHome = recentItemsOnHome;
        this.history = history;
        this.catalog = catalog;
        this.trainer = trainer;
        this.registry = registry;
        this.runLog = runLog;
        this.serving = serving;
        this.usage = usage;
        this.clock = clock;
        this.settings = settings;
        this.ids = ids;
        this.training = training;
    }

    /** With the settings' options, and the other sizes and penalties tried within the tuning budget. */
    @Override
    public TrainingRun startTraining(TenantId tenant) {
        return start(tenant, settings.options(), !settings.tuningBudget().isZero());
    }

    /** With exactly {@code options}, as a rollout's recipe or an operator asks: nothing else is tried. */
    @Override
    public TrainingRun startTraining(TenantId tenant, TrainingOptions options) {
        return start(tenant, options, false);
    }

    private TrainingRun start(TenantId tenant, TrainingOptions options, boolean tune) {
        Tracker tracker;
        synchronized (runs) {
            Deque<Tracker> mine = runs.computeIfAbsent(tenant, t -> new ArrayDeque<>());
            for (Tracker t : mine) {
                TrainingRun r = t.snapshot();
                if (!r.state().isFinal()) {
                    throw new ConflictException("training run " + r.id() + " is already " + r.state()
                            + " for this tenant; wait for it to end");
                }
            }
            tracker = new Tracker(ids.get().toString(), clock, options.epochs());
            mine.addFirst(tracker);
            while (mine.size() > RUNS_KEPT) {
                mine.removeLast();
            }
        }
        persist(tenant, tracker);
        try {
            // Once per run, not on every progress write: the oldest records go when a new run is added.
            runLog.prune(tenant, RUNS_KEPT);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event=training_runs_not_pruned tenant=" + tenant + " error=" + e);
        }
        try {
            training.execute(() -> run(tenant, tracker, options, tune));
        } catch (RejectedExecutionException e) {
            tracker.finish(TrainingRun.State.FAILED, null, "the platform is shutting down", clock.instant());
            persist(tenant, tracker);
        }
        LOG.log(System.Logger.Level.INFO, "event=training_queued tenant=" + tenant + " run=" + tracker.id);
        return tracker.snapshot();
    }

    /** This process's run if it has it, else the state another replica recorded. */
    @Override
    public TrainingRun trainingRun(TenantId tenant, String runId) {
        synchronized (runs) {
            for (Tracker t : runs.getOrDefault(tenant, new ArrayDeque<>())) {
                if (t.id.equals(runId)) {
                    return t.snapshot();
                }
            }
        }
        return runLog.find(tenant, runId).orElseThrow(() -> new NotFoundException("training run", runId));
    }

    /** The recorded runs of every replica, with this process's live ones as they are now; newest first. */
    @Override
    public List<TrainingRun> trainingRuns(TenantId tenant) {
        Map<String, TrainingRun> byId = new java.util.LinkedHashMap<>();
        runLog.list(tenant, RUNS_KEPT).forEach(r -> byId.put(r.id(), r));
        synchronized (runs) {
            runs.getOrDefault(tenant, new ArrayDeque<>()).forEach(t -> byId.put(t.id, t.snapshot()));
        }
        return byId.values().stream().sorted(java.util.Comparator.comparing(TrainingRun::requestedAt).reversed())
                .limit(RUNS_KEPT).toList();
    }

    /** Records the run's state for other replicas; a failure to do so never fails the run. */
    private void persist(TenantId tenant, Tracker tracker) {
        try {
            runLog.save(tenant, tracker.snapshot());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event=training_progress_not_recorded tenant=" + tenant + " run="
                    + tracker.id + " error=" + e);
        }
    }

    @Override
    public List<ModelVersion> modelVersions(TenantId tenant) {
        return registry.versions(tenant);
    }

    @Override
    public ModelVersion modelVersion(TenantId tenant, int version) {
        return registry.version(tenant, version)
                .orElseThrow(() -> new NotFoundException("model version", Integer.toString(version)));
    }

    @Override
    public ModelVersion promote(TenantId tenant, int version) {
        ModelVersion promoted = registry.promote(tenant, version);
        serving.activeModelChanged(tenant);
        LOG.log(System.Logger.Level.INFO, "event=model_promoted tenant=" + tenant + " version=" + version);
        return promoted;
    }

    @Override
    public ModelVersion rollback(TenantId tenant) {
        ModelVersion restored = registry.rollback(tenant);
        serving.activeModelChanged(tenant);
        LOG.log(System.Logger.Level.INFO, "event=model_rolled_back tenant=" + tenant + " version="
                + restored.version());
        return restored;
    }

    private void run(TenantId tenant, Tracker tracker, TrainingOptions options, boolean tune) {
        try {
            runSteps(tenant, tracker, options, tune);
        } finally {
            persist(tenant, tracker);
        }
    }

    private void runSteps(TenantId tenant, Tracker tracker, TrainingOptions requested, boolean tune) {
        TrainingOptions options = requested;
        try {
            tracker.state(TrainingRun.State.LOADING, clock.instant());
            persist(tenant, tracker);
            // The model to beat is the one active when the run starts; if that changes before the run ends
            // (a promote or rollback by hand), the candidate is kept but not promoted.
            var activeAtGate = registry.activeVersion(tenant);
            // The window ends at the tenant's newest event: an imported history of any age trains at once.
            Instant end = DataWindow.end(history.newestEventAt(tenant), clock.instant());
            List<ShopperEvent> events = history.eventsSince(tenant, end.minus(settings.window()), settings.maxEvents());
            if (events.isEmpty()) {
                throw new NotTrainable("the tenant has no events to learn from");
            }
            TimeSplit split = TimeSplit.lastDays(events, settings.testDays());
            TimeSplit.Parts parts = split.split(events);
            if (parts.train().isEmpty()) {
                throw new NotTrainable("all " + events.size() + " events fall in the last " + settings.testDays()
                        + " days, which are held out to evaluate the model; training needs events before "
                        + split.cutoff());
            }
            // A snapshot of the catalog as serving holds it, so the gate sees the stock serving will filter by.
            List<Item> items = List.copyOf(catalog.view(tenant).items());
            Set<ItemId> inStock = new HashSet<>();
            items.stream().filter(Item::inStock).forEach(i -> inStock.add(i.id()));
            if (inStock.isEmpty()) {
                throw new NotTrainable("the catalog has no item in stock to recommend");
            }
            EvaluationHarness harness = EvaluationHarness.prepare(items, parts,
                    EvaluationProtocol.defaults().withK(settings.k()));
            if (harness.homeQueries().isEmpty() && harness.cartQueries().isEmpty()) {
                throw new NotTrainable("the held-out days (from " + split.cutoff() + ") hold no add-to-cart or "
                        + "purchase of an in-stock item by a shopper seen before them, so no model can be evaluated");
            }
            Interactions interactions = TrainingInteractions.from(parts.train(), EventWeights.standard());
            if (interactions.size() == 0) {
                throw new NotTrainable("no event before " + split.cutoff() + " ties a shopper to an item");
            }
            PopularityRanker popularity = PopularityRanker.train(parts.train(), inStock::contains,
                    PopularityModel.standard());
            CooccurrenceModel cooccurrence = CooccurrenceModel.train(parts.train(), inStock::contains, popularity,
                    CooccurrenceModel.Config.defaults());

            tracker.state(TrainingRun.State.TRAINING, clock.instant());
            persist(tenant, tracker);
            long trainingStarted = System.nanoTime();
            LearnedFactors factors = trainer.train(interactions, options, (epoch, epochs, loss, elapsed) -> {
                tracker.epochDone(epoch, loss, elapsed);
                persist(tenant, tracker);
                LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                        "event=training_epoch tenant=%s run=%s epoch=%d/%d loss=%.5f elapsed_ms=%d eta_ms=%d",
                        tenant, tracker.id, epoch, epochs, loss, elapsed.toMillis(),
                        elapsed.dividedBy(epoch).multipliedBy(epochs - epoch).toMillis()));
            });
            List<EvaluationReport> tuning = new ArrayList<>();
            double trainedLoss = tracker.lastLoss();
            if (tune) {
                tracker.state(TrainingRun.State.TUNING, clock.instant());
                persist(tenant, tracker);
                Tuned tuned = tune(tenant, tracker, interactions, harness, inStock, popularity, cooccurrence,
                        new Tuned(options, factors, tracker.lastLoss()),
                        Duration.ofNanos(System.nanoTime() - trainingStarted), tuning);
                options = tuned.options();
                factors = tuned.factors();
                trainedLoss = tuned.loss();
            }
            SparseItemModel itemModel = ease(tenant, tracker, interactions);
            Duration trainingTime = Duration.ofNanos(System.nanoTime() - trainingStarted);

            tracker.state(TrainingRun.State.EVALUATING, clock.instant());
            persist(tenant, tracker);
            FactorModel candidateModel = new FactorModel(factors, settings.confidenceScale(),
                    options.regularization());
            GateResult gate = gate(tenant, harness, parts, items, inStock, popularity, cooccurrence, candidateModel,
                    itemModel, activeAtGate, tuning);
            boolean withItemModel = gate.usesItemModel();
            TrainingSummary summary = new TrainingSummary(parts.train().size(), interactions.size(),
                    interactions.users().size(), interactions.items().size(), options.factors(),
                    options.epochs(), trainedLoss, trainingTime);
            FactorModel stored = candidateModel;
            SparseItemModel storedItemModel = withItemModel ? itemModel : null;
            Instant trainedUntil = split.cutoff();
            if (gate.passed()) {
                // The recipe won on the held-out days; what serves is the same recipe refit on the whole window, so
                // that it has seen the newest days (trends, launches) that the gate held out.
                tracker.state(TrainingRun.State.REFITTING, clock.instant());
                persist(tenant, tracker);
                long refitStarted = System.nanoTime();
                Interactions all = TrainingInteractions.from(events, EventWeights.standard());
                stored = new FactorModel(trainer.train(all, options, (epoch, epochs, loss, elapsed) -> { }),
                        settings.confidenceScale(), options.regularization());
                if (withItemModel) {
                    SparseItemModel refit = ease(tenant, tracker, all);
                    // The whole window gives one at least wherever the split did; if not, keep the gate's.
                    storedItemModel = refit != null ? refit : itemModel;
                }
                trainedUntil = events.stream().map(ShopperEvent::occurredAt).max(Instant::compareTo).orElseThrow();
                LOG.log(System.Logger.Level.INFO, "event=training_refit tenant=" + tenant + " run=" + tracker.id
                        + " pairs=" + all.size() + " until=" + trainedUntil + " ms="
                        + (System.nanoTime() - refitStarted) / 1_000_000);
            }
            ModelVersion version = registry.add(tenant, new ModelVersion(registry.nextVersion(tenant),
                    gate.passed() ? ModelVersion.Status.INACTIVE : ModelVersion.Status.REJECTED, clock.instant(),
                    trainedUntil, summary, gate), stored, storedItemModel);
            // Billed per model trained and stored, promoted or not (the tier's price list counts them).
            usage.record(tenant, UsageMetric.MODELS_TRAINED, 1);
            if (gate.passed() && !registry.activeVersion(tenant).equals(activeAtGate)) {
                // Someone promoted or rolled back while this run was evaluating: it never beat what serves now.
                tracker.finish(TrainingRun.State.REJECTED, version.version(), gate.reason() + "; but the active "
                        + "model changed during the run, so it was not promoted (promote it by hand if wanted)",
                        clock.instant());
            } else if (gate.passed()) {
                promote(tenant, version.version());
                tracker.finish(TrainingRun.State.PROMOTED, version.version(), gate.reason(), clock.instant());
            } else {
                tracker.finish(TrainingRun.State.REJECTED, version.version(), gate.reason(), clock.instant());
            }
            LOG.log(System.Logger.Level.INFO, "event=training_done tenant=" + tenant + " run=" + tracker.id
                    + " version=" + version.version() + " promoted=" + gate.passed() + " reason=\"" + gate.reason()
                    + "\"");
        } catch (NotTrainable e) {
            tracker.finish(TrainingRun.State.FAILED, null, e.getMessage(), clock.instant());
            LOG.log(System.Logger.Level.INFO, "event=training_skipped tenant=" + tenant + " run=" + tracker.id
                    + " reason=\"" + e.getMessage() + "\"");
        } catch (RuntimeException | Error e) {
            tracker.finish(TrainingRun.State.FAILED, null, "training failed: " + e, clock.instant());
            LOG.log(System.Logger.Level.ERROR, "event=training_failed tenant=" + tenant + " run=" + tracker.id, e);
        }
    }

    /**
     * The EASE item model over the items with the most shoppers, kept sparse as it serves; {@code null} when EASE is
     * turned off, the trainer does not compute it, or the data holds fewer than two items. The items are bounded by
     * the settings and by the heap: the dense inverse needs about {@code 12 · n²} bytes while it is computed, kept
     * under a quarter of the most the heap may grow to.
     */
    private SparseItemModel ease(TenantId tenant, Tracker tracker, Interactions data) {
        TrainingSettings.Ease ease = settings.ease();
        int byHeap = (int) Math.min(EaseGram.MAX_ITEMS, Math.sqrt(Runtime.getRuntime().maxMemory() / 48.0));
        int bound = Math.min(ease.items(), byHeap);
        if (bound < 2) {
            return null;
        }
        long started = System.nanoTime();
        EaseGram gram = EaseGram.of(data, bound);
        if (gram.items().size() < 2) {
            return null;
        }
        var dense = trainer.easeWeights(gram, ease.lambda());
        if (dense.isEmpty()) {
            return null;
        }
        SparseItemModel model = SparseItemModel.strongest(gram.items(), dense.get(), ease.keep());
        LOG.log(System.Logger.Level.INFO, "event=training_ease tenant=" + tenant + " run=" + tracker.id + " items="
                + gram.items().size() + " kept=" + model.size() + " ms=" + (System.nanoTime() - started) / 1_000_000);
        return model;
    }

    /** A factor model's options and what it learned with them. */
    private record Tuned(TrainingOptions options, LearnedFactors factors, double loss) {
    }

    /**
     * The factor model of the size and penalty that scores best on the held-out days, blended with co-occurrence
     * as cart serves it and as home does before its recipe is chosen (mean NDCG of home and cart; a tie keeps the
     * one tried first, {@code first}). The others of
     * {@link TrainingSettings#tuningCandidates} are trained on the split one by one, in that order, while the
     * trainer time they are expected to take (the first fit's, scaled by their factors against its: half the factors
     * took 0.55 of the time on a 1M-event store, so linear is the closer bound) fits in what is left of the tuning
     * budget; each adds a {@code tuning: <options>} row per surface to {@code rows}.
     */
    private Tuned tune(TenantId tenant, Tracker tracker, Interactions interactions, EvaluationHarness harness,
                       Set<ItemId> inStock, PopularityRanker popularity, CooccurrenceModel cooccurrence, Tuned first,
                       Duration firstFit, List<EvaluationReport> rows) {
        Tuned best = first;
        double bestScore = tuningScore(first, harness, inStock, popularity, cooccurrence, rows);
        long budget = settings.tuningBudget().toNanos();
        long spent = 0;
        for (TrainingOptions other : TrainingSettings.tuningCandidates(first.options())) {
            double scale = (double) other.factors() / first.options().factors();
            long expected = (long) (firstFit.toNanos() * scale);
            if (spent + expected > budget) {
                LOG.log(System.Logger.Level.INFO, "event=training_tuning_skipped tenant=" + tenant + " run="
                        + tracker.id + " options=\"" + other.describe() + "\" expected_ms=" + expected / 1_000_000
                        + " budget_left_ms=" + (budget - spent) / 1_000_000);
                continue;
            }
            long started = System.nanoTime();
            double[] lastLoss = {Double.NaN};
            LearnedFactors learned = trainer.train(interactions, other, (epoch, epochs, loss, elapsed) ->
                    lastLoss[0] = loss);
            Tuned tried = new Tuned(other, learned, lastLoss[0]);
            spent += System.nanoTime() - started;
            double score = tuningScore(tried, harness, inStock, popularity, cooccurrence, rows);
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "event=training_tuning tenant=%s run=%s "
                    + "options=\"%s\" score=%.5f best=%.5f ms=%d", tenant, tracker.id, other.describe(), score,
                    Math.max(score, bestScore), (System.nanoTime() - started) / 1_000_000));
            if (score > bestScore) {
                bestScore = score;
                best = tried;
            }
        }
        return best;
    }

    private double tuningScore(Tuned tuned, EvaluationHarness harness, Set<ItemId> inStock,
                               PopularityRanker popularity, CooccurrenceModel cooccurrence,
                               List<EvaluationReport> rows) {
        FactorModel model = new FactorModel(tuned.factors(), settings.confidenceScale(),
                tuned.options().regularization());
        Ranker blend = new MemoizedRanker(ServingBlend.of(GateResult.CANDIDATE, model.ranker("tuning",
                inStock::contains, popularity), cooccurrence));
        String name = GateResult.TUNING_PREFIX + tuned.options().describe();
        List<EvaluationReport> mine = new ArrayList<>();
        for (Surface surface : List.of(Surface.HOME, Surface.CART)) {
            mine.add(named(name, harness.evaluate(blend, surface)));
        }
        rows.addAll(mine);
        return score(mine, name);
    }

    private GateResult gate(TenantId tenant, EvaluationHarness harness, TimeSplit.Parts parts, List<Item> items,
                            Set<ItemId> inStock, PopularityRanker popularity, CooccurrenceModel cooccurrence,
                            FactorModel candidateModel, SparseItemModel itemModel, java.util.OptionalInt active,
                            List<EvaluationReport> tuning) {
        EventWeights eventWeights = EventWeights.standard();
        // Serving builds the same from the whole window beside co-occurrence.
        CategoryTasteModel taste = CategoryTasteModel.train("taste", parts.train(), items, inStock::contains,
                PopularityModel.standard(), eventWeights, CategoryTasteModel.Config.defaults());
        // Every personalised list as it would serve. Home is composed by a recipe (taste, recent items; recent items
        // never where the tenant turned them off): each recipe is tried on the held-out days and the best kept.
        boolean recent = recentItemsOnHome.test(tenant);
        // The learned lists alone, remembered, blended with co-occurrence at the weight each recipe gives them.
        Ranker ials = new MemoizedRanker(candidateModel.ranker("candidate-ials", inStock::contains, popularity));
        // EASE without a fallback of its own, as serving holds it: its rows are short and the blend fills them.
        Ranker ease = itemModel == null ? null : new MemoizedRanker(itemModel.ranker("candidate-ease",
                inStock::contains, NOTHING, eventWeights));
        Map<Double, Ranker> ialsBlends = new HashMap<>();
        Map<Double, Ranker> easeBlends = new HashMap<>();
        TransitionModel sequence = TransitionModel.train("sequence", parts.train(), inStock::contains, eventWeights,
                TransitionModel.Config.defaults());
        java.util.function.Function<HomeRecipe, Ranker> compose = r -> r.apply(
                ialsBlends.computeIfAbsent(r.blendWeight(), w -> new MemoizedRanker(ServingBlend.of(
                        GateResult.CANDIDATE, ials, cooccurrence, w))),
                ease == null ? null : easeBlends.computeIfAbsent(r.blendWeight(), w -> new MemoizedRanker(
                        ServingBlend.of(GateResult.CANDIDATE, ease, cooccurrence, w))),
                taste, sequence, eventWeights, inStock::contains, recent);
        List<EvaluationReport> reports = new ArrayList<>(tuning);
        HomeRecipe recipe = null;
        double bestHome = Double.NEGATIVE_INFINITY;
        for (HomeRecipe tried : HomeRecipe.candidates(recent, ease != null)) {
            EvaluationReport r = named(GateResult.homeRecipeReport(tried), harness.evaluate(compose.apply(tried),
                    Surface.HOME));
            reports.add(r);
            // Strictly better: a tie keeps the simpler recipe, tried first.
            if (r.ndcg() > bestHome) {
                bestHome = r.ndcg();
                recipe = tried;
            }
        }
        // Then, each on top of the recipe kept so far and kept only where home scores better still: the learned
        // model's other weights against co-occurrence, where shoppers went next, the long-term profile.
        LongTermProfiles profiles = LongTermProfiles.of(parts.train(), EvaluationProtocol.defaults().historyEvents(),
                LongTermProfiles.DEFAULT_ITEMS, eventWeights);
        EvaluationHarness withProfiles = profiles.shoppers() == 0 ? harness : harness.withLongTermProfiles(profiles);
        for (var step : HomeRecipe.refinements(profiles.shoppers() > 0)) {
            for (HomeRecipe tried : step.apply(recipe)) {
                EvaluationReport r = named(GateResult.homeRecipeReport(tried), (tried.longTermProfile()
                        ? withProfiles : harness).evaluate(compose.apply(tried), Surface.HOME));
                reports.add(r);
                if (r.ndcg() > bestHome) {
                    bestHome = r.ndcg();
                    recipe = tried;
                }
            }
        }
        HomeRecipe chosen = recipe;
        Ranker candidate = compose.apply(chosen);
        Ranker servedCooccurrence = chosen.apply(cooccurrence, null, taste, sequence, eventWeights, inStock::contains,
                recent);
        // On cart and product page the item model's own lists, topped up by co-occurrence, as they would serve.
        Ranker easeFirst = itemModel == null ? null : ServingBlend.itemModelFirst(GateResult.EASE,
                itemModel.ranker("candidate-ease-alone", inStock::contains, NOTHING, eventWeights), cooccurrence);
        String opponentName;
        Ranker opponent;
        EvaluationHarness opponentHarness = harness;
        if (active.isPresent()) {
            opponentName = "v" + active.getAsInt();
            // The active version as it serves: with its own home recipe.
            HomeRecipe activeRecipe = registry.version(tenant, active.getAsInt()).map(v -> v.gate().home())
                    .orElse(HomeRecipe.WITHOUT_TASTE);
            Ranker activeEase = activeRecipe.learner() != HomeRecipe.Learner.EASE ? null
                    : registry.loadItemModel(tenant, active.getAsInt()).map(m -> ServingBlend.of(GateResult.OPPONENT,
                    m.ranker("active-ease", inStock::contains, NOTHING, eventWeights), cooccurrence,
                    activeRecipe.blendWeight())).orElse(null);
            if (activeRecipe.learner() == HomeRecipe.Learner.EASE && activeEase == null) {
                LOG.log(System.Logger.Level.WARNING, "event=active_item_model_missing tenant=" + tenant + " version="
                        + active.getAsInt() + " scored_as=ials");
            }
            opponent = activeRecipe.apply(ServingBlend.of(GateResult.OPPONENT, registry.load(tenant,
                    active.getAsInt()).ranker("active-ials", inStock::contains, popularity), cooccurrence,
                    activeRecipe.blendWeight()), activeEase, taste, sequence, eventWeights, inStock::contains, recent);
            opponentHarness = activeRecipe.longTermProfile() ? withProfiles : harness;
        } else {
            opponentName = "popularity";
            opponent = popularity;
        }
        // Home as each serves it: from the long-term profile too where its recipe says so.
        EvaluationHarness candidateHarness = chosen.longTermProfile() ? withProfiles : harness;
        for (Surface surface : Surface.values()) {
            reports.add(named(GateResult.CANDIDATE, candidateHarness.evaluate(candidate, surface)));
        }
        for (Surface surface : Surface.values()) {
            reports.add(named(GateResult.OPPONENT, opponentHarness.evaluate(opponent, surface)));
        }
        // What each surface would serve instead, so that none serves a list that loses to bestsellers there.
        for (Surface surface : Surface.values()) {
            reports.add(named(GateResult.COOCCURRENCE, candidateHarness.evaluate(servedCooccurrence, surface)));
            if (easeFirst != null && surface != Surface.HOME) {
                reports.add(named(GateResult.EASE, harness.evaluate(easeFirst, surface)));
            }
            if (active.isPresent()) {
                reports.add(named(GateResult.POPULARITY, harness.evaluate(popularity, surface)));
            }
        }
        double candidateScore = score(reports, GateResult.CANDIDATE);
        double opponentScore = score(reports, GateResult.OPPONENT);
        double margin = settings.margin();
        // It must beat the opponent: strictly better, and by at least the margin; and serve on some surface.
        Map<Surface, GateResult.Choice> choices = GateResult.choices(opponentName, reports, margin);
        boolean servesSomewhere = choices.containsValue(GateResult.Choice.MODEL)
                || choices.containsValue(GateResult.Choice.EASE);
        boolean passed = servesSomewhere && (opponentScore > 0
                ? candidateScore >= opponentScore * (1 + margin) && candidateScore > opponentScore
                : candidateScore > 0);
        String metric = "mean NDCG@" + settings.k() + " of home and cart";
        String lead = opponentScore > 0
                ? String.format(Locale.ROOT, "%+.1f %%", 100 * (candidateScore / opponentScore - 1)) : "n/a";
        String reason = String.format(Locale.ROOT, "%s: candidate %.4f vs %s %.4f (%s; promotion needs at least "
                        + "+%.1f %%)%s", metric, candidateScore, opponentName, opponentScore, lead, 100 * margin,
                passed ? "" : ": not promoted") + "; per surface " + describe(choices)
                + (servesSomewhere ? "" : ": it serves on no surface, so it is not promoted")
                + "; home composed as " + chosen.describe();
        return new GateResult(opponentName, metric, candidateScore, opponentScore, margin, passed, reason, reports,
                chosen);
    }

    private static EvaluationReport named(String model, EvaluationReport r) {
        return new EvaluationReport(model, r.surface(), r.k(), r.queries(), r.recall(), r.ndcg(), r.mrr(),
                r.coverage(), r.novelty());
    }

    /** Mean NDCG of home and cart over the surfaces that had queries. */
    private static String describe(Map<Surface, GateResult.Choice> choices) {
        StringBuilder text = new StringBuilder();
        choices.forEach((surface, choice) -> text.append(text.isEmpty() ? "" : ", ")
                .append(surface.name().toLowerCase(Locale.ROOT)).append(" serves ").append(choice.wireName()));
        return text.toString();
    }

    private static double score(List<EvaluationReport> reports, String model) {
        double sum = 0;
        int n = 0;
        for (EvaluationReport r : reports) {
            if (r.model().equals(model) && r.surface() != Surface.SIMILAR && r.queries() > 0) {
                sum += r.ndcg();
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** The tenant's data cannot give a model yet; the run fails with this message and nothing else happens. */
    private static final class NotTrainable extends RuntimeException {
        NotTrainable(String message) {
            super(message, null, false, false);
        }
    }

    /** One run's live state. */
    private static final class Tracker {
        private final String id;
        private final Clock clock;
        private final Instant requestedAt;
        private final int epochs;
        private final List<Double> losses = new ArrayList<>();
        private TrainingRun.State state = TrainingRun.State.QUEUED;
        private Instant startedAt;
        private Instant finishedAt;
        private Duration trainingElapsed = Duration.ZERO;
        private Integer version;
        private String message;

        Tracker(String id, Clock clock, int epochs) {
            this.id = id;
            this.clock = clock;
            this.requestedAt = clock.instant();
            this.epochs = epochs;
        }

        synchronized void state(TrainingRun.State next, Instant at) {
            if (startedAt == null) {
                startedAt = at;
            }
            state = next;
        }

        synchronized void epochDone(int epoch, double loss, Duration elapsed) {
            losses.add(loss);
            trainingElapsed = elapsed;
        }

        synchronized double lastLoss() {
            return losses.isEmpty() ? Double.NaN : losses.getLast();
        }

        synchronized void finish(TrainingRun.State end, Integer producedVersion, String why, Instant at) {
            if (startedAt == null) {
                startedAt = at;
            }
            state = end;
            version = producedVersion;
            message = why;
            finishedAt = at;
        }

        synchronized TrainingRun snapshot() {
            int done = losses.size();
            Duration eta = state == TrainingRun.State.TRAINING && done > 0
                    ? trainingElapsed.dividedBy(done).multipliedBy(epochs - done) : null;
            Duration elapsed = startedAt == null ? Duration.ZERO
                    : Duration.between(startedAt, finishedAt != null ? finishedAt : clock.instant());
            return new TrainingRun(id, state, requestedAt, startedAt, finishedAt, done, epochs, losses, elapsed, eta,
                    version, message);
        }
    }
}
