package io.shelfwise.benchmarks;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ranking.CategoryTasteModel;
import io.shelfwise.recommendation.ranking.CooccurrenceModel;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.FactorRanker;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.recommendation.ranking.PopularityRanker;
import io.shelfwise.recommendation.ranking.Ranker;
import io.shelfwise.recommendation.ranking.EventWeights;
import io.shelfwise.recommendation.ranking.ServingBlend;
import io.shelfwise.recommendation.ranking.SparseItemModel;
import io.shelfwise.recommendation.ranking.TransitionModel;
import io.shelfwise.recommendation.training.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process scoring path of one request, without HTTP or the database: the co-occurrence model for home,
 * similar and cart, a 32-factor model's home (the platform's default size) (fold-in of the shopper's history over all items), and what serves
 * once a learned model is active: both fused on each surface; and the home recipes the gate may keep (EASE kept
 * sparse, category taste, recent items). Factor values and EASE weights are random: scoring cost does not depend on
 * what was learned. Run with {@code ./shelfwise bench jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScoringBenchmark {
    @Param("200000")
    long events;

    private CooccurrenceModel cooccurrence;
    private FactorRanker factors;
    private Ranker served;
    private Ranker servedAtFullDepth;
    private Ranker servedHomeWithRecent;
    private Ranker easeHome;
    private Ranker servedEaseHome;
    private Ranker servedHomeWithTaste;
    private Ranker servedEaseHomeWithTaste;
    private Ranker tasteHome;
    private Ranker sequenceHome;
    private Ranker servedEaseHomeWithSequence;
    private List<List<Interaction>> histories;
    private List<ItemId> popularItems;
    private int next;

    @Setup
    public void setUp() {
        SyntheticStore store = SyntheticStore.generate(SyntheticStore.Spec.sized(events, 42));
        List<ShopperEvent> log = store.events().toList();
        PopularityRanker popularity = PopularityRanker.train(log, id -> true, PopularityModel.standard());
        cooccurrence = CooccurrenceModel.train(log, id -> true, popularity, CooccurrenceModel.Config.defaults());
        List<ItemId> items = store.catalog().stream().map(i -> i.id()).toList();
        int dim = TrainingSettings.defaults().options().factors();
        SplittableRandom random = new SplittableRandom(7);
        float[] itemVectors = new float[items.size() * dim];
        for (int i = 0; i < itemVectors.length; i++) {
            itemVectors[i] = (float) (random.nextDouble() - 0.5);
        }
        factors = new FactorModel(new LearnedFactors(dim, items, itemVectors, List.of(), new float[0]), 10, 0.03)
                .ranker("ials", id -> true, popularity);
        served = ServingBlend.of("ials+cooccurrence", factors, cooccurrence);
        servedAtFullDepth = new io.shelfwise.recommendation.ranking.BlendedRanker("ials+cooccurrence", factors,
                cooccurrence, ServingBlend.WEIGHTS, ServingBlend.DEPTH, ServingBlend.DEPTH, ServingBlend.OFFSET);
        servedHomeWithRecent = ServingBlend.withRecentItems(served, EventWeights.standard(), id -> true);
        // EASE as served: the 6,000 most popular items (all, on a smaller catalog), 50 weights each; random
        // weights over random columns cost what learned ones do.
        TrainingSettings.Ease ease = TrainingSettings.defaults().ease();
        List<ItemId> easeItems = popularity.home(List.of(), Math.min(ease.items(), items.size()));
        int n = easeItems.size();
        int keep = Math.min(ease.keep(), n - 1);
        int[] rowStart = new int[n + 1];
        int[] columns = new int[n * keep];
        float[] weights = new float[n * keep];
        for (int row = 0; row < n; row++) {
            rowStart[row + 1] = (row + 1) * keep;
            for (int c = 0; c < keep; c++) {
                columns[row * keep + c] = random.nextInt(n);
                weights[row * keep + c] = (float) random.nextDouble();
            }
        }
        PopularityRanker nothing = new PopularityRanker(List.of(), id -> true);
        easeHome = new SparseItemModel(easeItems, rowStart, columns, weights).ranker("ease", id -> true, nothing,
                EventWeights.standard());
        Ranker easeServed = ServingBlend.of("ease+cooccurrence", easeHome, cooccurrence);
        CategoryTasteModel taste = CategoryTasteModel.train("taste", log, store.catalog(), id -> true,
                PopularityModel.standard(), EventWeights.standard(), CategoryTasteModel.Config.defaults());
        tasteHome = taste;
        servedEaseHome = new HomeRecipe(HomeRecipe.Learner.EASE, 1.0, true).apply(served, easeServed, taste,
                EventWeights.standard(), id -> true, true);
        servedHomeWithTaste = new HomeRecipe(HomeRecipe.Learner.IALS, 0.5, false).apply(served, easeServed, taste,
                EventWeights.standard(), id -> true, true);
        servedEaseHomeWithTaste = new HomeRecipe(HomeRecipe.Learner.EASE, 0.7, true).apply(served, easeServed,
                taste, EventWeights.standard(), id -> true, true);
        TransitionModel sequence = TransitionModel.train("sequence", log, id -> true, EventWeights.standard(),
                TransitionModel.Config.defaults());
        sequenceHome = sequence;
        servedEaseHomeWithSequence = new HomeRecipe(HomeRecipe.Learner.EASE, 1.0, true).withSequence(0.2)
                .apply(served, easeServed, taste, sequence, EventWeights.standard(), id -> true, true);
        histories = new ArrayList<>();
        List<ShopperEvent> recent = log.subList(Math.max(0, log.size() - 20_000), log.size()).stream()
                .filter(e -> !e.itemIds().isEmpty()).toList();
        for (int h = 0; h < 1000; h++) {
            List<Interaction> history = new ArrayList<>();
            for (int e = 0; e < 10; e++) {
                ShopperEvent event = recent.get(random.nextInt(recent.size()));
                history.add(new Interaction(event.itemIds().get(0), event.type(), event.occurredAt()));
            }
            histories.add(history);
        }
        popularItems = popularity.home(List.of(), 200);
    }

    private List<Interaction> history() {
        next = (next + 1) % histories.size();
        return histories.get(next);
    }

    @Benchmark
    public List<ItemId> cooccurrenceHome() {
        return cooccurrence.home(history(), 50);
    }

    @Benchmark
    public List<ItemId> cooccurrenceSimilar() {
        next = (next + 1) % popularItems.size();
        return cooccurrence.similar(popularItems.get(next), 50);
    }

    @Benchmark
    public List<ItemId> cooccurrenceCart() {
        next = (next + 1) % (popularItems.size() - 1);
        return cooccurrence.cart(List.of(popularItems.get(next), popularItems.get(next + 1)), history(), 50);
    }

    @Benchmark
    public List<ItemId> factorHome() {
        return factors.home(history(), 50);
    }

    /** What serving runs once a learned model is active: iALS and co-occurrence fused ({@link ServingBlend}). */
    @Benchmark
    public List<ItemId> servedHome() {
        return served.home(history(), 50);
    }

    /**
     * The same blend with both lists at {@link ServingBlend#DEPTH} on home, as it served before
     * {@link ServingBlend#LEARNED_HOME_DEPTH}: the before of that change, measured in the same run.
     */
    @Benchmark
    public List<ItemId> servedHomeAtFullDepth() {
        return servedAtFullDepth.home(history(), 50);
    }

    /** Home as it serves since 2026-12-06: the blend above with the shopper's recent items fused in. */
    @Benchmark
    public List<ItemId> servedHomeWithRecentItems() {
        return servedHomeWithRecent.home(history(), 50);
    }

    /** The sparse EASE item model's home alone: 50 weights per item of the history. */
    @Benchmark
    public List<ItemId> easeHome() {
        return easeHome.home(history(), 50);
    }

    /** The shopper's category and brand taste alone, as deep as the blends read it. */
    @Benchmark
    public List<ItemId> tasteHome() {
        return tasteHome.home(history(), ServingBlend.DEPTH);
    }

    /** Home by the recipe "ease alone, recent items": EASE fused with co-occurrence, then recent items. */
    @Benchmark
    public List<ItemId> servedEaseHome() {
        return servedEaseHome.home(history(), 50);
    }

    /** Home by the recipe "model 0.5 + taste 0.5": the iALS blend fused with the shopper's category taste. */
    @Benchmark
    public List<ItemId> servedHomeWithTaste() {
        return servedHomeWithTaste.home(history(), 50);
    }

    /** Home by the recipe "ease 0.7 + taste 0.3, recent items". */
    @Benchmark
    public List<ItemId> servedEaseHomeWithTaste() {
        return servedEaseHomeWithTaste.home(history(), 50);
    }

    /**
     * The served iALS home as the server runs it: on a virtual thread of its own per request (so per-thread caches
     * are new every time); the difference to {@link #servedHome} is the thread and what it cannot reuse.
     */
    @Benchmark
    public List<ItemId> servedHomeOnVirtualThread() throws InterruptedException {
        List<Interaction> history = history();
        java.util.concurrent.atomic.AtomicReference<List<ItemId>> list = new java.util.concurrent.atomic
                .AtomicReference<>();
        Thread.ofVirtual().start(() -> list.set(served.home(history, 50))).join();
        return list.get();
    }

    /** Where shoppers went next, alone. */
    @Benchmark
    public List<ItemId> sequenceHome() {
        return sequenceHome.home(history(), ServingBlend.DEPTH);
    }

    /** "ease alone, sequence 0.2, recent items": the recipe the gate kept on the head-heavy store, seed 7. */
    @Benchmark
    public List<ItemId> servedEaseHomeWithSequence() {
        return servedEaseHomeWithSequence.home(history(), 50);
    }

    @Benchmark
    public List<ItemId> servedSimilar() {
        next = (next + 1) % popularItems.size();
        return served.similar(popularItems.get(next), 50);
    }

    @Benchmark
    public List<ItemId> servedCart() {
        next = (next + 1) % (popularItems.size() - 1);
        return served.cart(List.of(popularItems.get(next), popularItems.get(next + 1)), history(), 50);
    }
}
