package io.shelfwise.benchmarks;

import ai.djl.engine.Engine;
import io.shelfwise.adapters.djl.DjlEaseSolver;
import io.shelfwise.adapters.djl.DjlModelTrainer;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.datasets.CommandLineFlags;
import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.evaluation.EvaluationHarness;
import io.shelfwise.recommendation.evaluation.EvaluationProtocol;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.evaluation.TimeSplit;
import io.shelfwise.recommendation.ranking.BlendedRanker;
import io.shelfwise.recommendation.ranking.CategoryTasteModel;
import io.shelfwise.recommendation.ranking.CooccurrenceModel;
import io.shelfwise.recommendation.ranking.EaseModel;
import io.shelfwise.recommendation.ranking.EventWeights;
import io.shelfwise.recommendation.ranking.FactorRanker;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.LongTermProfiles;
import io.shelfwise.recommendation.ranking.MemoizedRanker;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.recommendation.ranking.PopularityRanker;
import io.shelfwise.recommendation.ranking.Ranker;
import io.shelfwise.recommendation.ranking.RecentItemsRanker;
import io.shelfwise.recommendation.ranking.ServingBlend;
import io.shelfwise.recommendation.ranking.SparseItemModel;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.recommendation.ranking.TransitionModel;
import io.shelfwise.recommendation.training.EaseGram;
import io.shelfwise.recommendation.training.Interactions;
import io.shelfwise.recommendation.training.TrainingInteractions;
import io.shelfwise.recommendation.training.TrainingOptions;
import io.shelfwise.recommendation.training.TrainingSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Offline quality of the learned model against the baselines (issue 4): generates the synthetic store, splits it
 * by time, trains popularity, item co-occurrence and implicit ALS (DJL, {@link DjlModelTrainer}) on the train
 * side, and prints Recall@K, NDCG@K, MRR@K, coverage and novelty per model and surface as a markdown table, with the
 * training time. Rows:
 * <ul>
 *   <li>{@code ials}: {@link FactorRanker}, home vectors folded in from the query's history (what serving does);</li>
 *   <li>{@code ials-learned}: the same, but home uses the shopper's vector learned in training;</li>
 *   <li>{@code ials-fold-in-cart}: the same with {@link FactorRanker.CartScoring#FOLD_IN} on the cart;</li>
 *   <li>{@code hybrid}: {@link BlendedRanker} of iALS (cart by fold-in unless {@code --cart cosine}) and
 *       co-occurrence, with the {@code --hybrid} weight of iALS on each surface;</li>
 *   <li>{@code blend-w}: the same with weight {@code w} on every surface, one row per {@code --blend} weight;</li>
 *   <li>{@code ease-n}: the reference EASE over the n items with the most shoppers ({@link EaseModel}, inverted
 *       with DJL), and {@code hybrid-ease}: it blended with co-occurrence like {@code hybrid};
 *       {@code ease-50, co-occurrence top-up (served)}: on cart and product page, what serves where the gate chose
 *       EASE there;</li>
 *   <li>{@code served home: <recipe>}: home as the platform composes it, for every recipe the training gate tries
 *       ({@link HomeRecipe}, over iALS's blend and the served sparse EASE's), then the best of them with the
 *       learned model's other weights against co-occurrence, with where shoppers went next
 *       ({@link TransitionModel}, each weight the gate tries) and with the long-term profile
 *       ({@link LongTermProfiles}), and the one the gate keeps on these held-out days.</li>
 * </ul>
 * Run with {@code ./shelfwise bench quality [flags]}; {@code --help} lists the flags. The JVM needs
 * {@code -Dai.djl.offline=true}, {@code --enable-native-access=ALL-UNNAMED} and {@code DJL_CACHE_DIR}.
 */
public final class QualityBenchmark {
    /** The row of EASE as cart and product page serve it: 50 weights kept per item, topped up by co-occurrence. */
    private static final String EASE_FIRST = "ease-50, co-occurrence top-up (served)";
    private static final String USAGE = """
            usage: QualityBenchmark [flags]
              --events N          events to generate (default 1000000)
              --items N           catalog size (default: events / 50, between 100 and 20000)
              --users N           registered shoppers (default: events / 20, at least 20)
              --seed N            generator seed (default 42)
              --days N            days the generated events span (default 60)
              --test-days N       last days held out as the test window (default 7)
              --head X            Zipf exponent of item popularity (default 1; 1.3 head-heavy, 0.7 flat)
              --k N               list length the metrics are computed at (default 20)
              --factors N         iALS vector length (default 32, as the platform trains)
              --epochs N          iALS epochs (default 10)
              --regularization X  iALS weighted-lambda penalty (default 0.03, tuned here; the trainer's is 0.1)
              --confidence X      iALS confidence per unit of event weight (default 10)
              --train-seed N      iALS initial vectors (default 1)
              --recent-items N    fold-in uses the shopper's N most recent items, 0 for all (default 0)
              --decay X           fold-in weight factor per item step back, in (0, 1] (default 1)
              --cart MODE         iALS cart scoring of the blends: cosine or fold-in (default fold-in)
              --hybrid H,C,S      iALS weights on home, cart, similar of the "hybrid" row (default 0.7,0.4,0.3)
              --blend W[,W...]    extra rows: iALS + co-occurrence with weight W on every surface (default none)
              --offset X          reciprocal-rank-fusion offset of the blends (default 10)
              --depth N           items each blended ranker contributes (default 100)
              --ease-items N      EASE reference over the N items with the most shoppers (default 6000, 0: none)
              --ease-lambda X     EASE's L2 penalty on the diagonal (default 200)
              --ease-keep K[,K..] extra rows: EASE keeping each item's K strongest weights (default none)
              --recent W[,W..]    extra rows: hybrid and hybrid-ease blended with the shopper's recent items
                                  (viewed or carted, not bought), weight W on the model's list (default none)
              --recent-decay X    recent items' weight factor per step back in the history (default 0.9)
              --taste W[,W..]     extra rows: the category-taste model alone, and the rows blended with the shopper's
                                  recent items first blended with it, weight W on theirs (default none)
              --taste-config D,L,B  taste's decay, leaf prior, brand prior (default 0.97,2,2)
            """;

    private QualityBenchmark() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        CommandLineFlags flags;
        try {
            flags = CommandLineFlags.parse(Set.of("events", "items", "users", "seed", "days", "test-days", "head", "k",
                    "factors", "epochs", "regularization", "confidence", "train-seed", "recent-items", "decay",
                    "blend", "offset", "depth", "cart", "hybrid", "ease-items", "ease-lambda", "ease-keep", "recent",
                    "recent-decay", "taste", "taste-config"), args);
        } catch (IllegalArgumentException e) {
            System.err.println("QualityBenchmark: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        long events = flags.number("events", 1_000_000);
        int items = (int) flags.number("items", SyntheticStore.Spec.defaultItems(events));
        int users = (int) flags.number("users", SyntheticStore.Spec.defaultUsers(events));
        long seed = flags.number("seed", 42);
        int days = (int) flags.number("days", SyntheticStore.Spec.DEFAULT_DAYS);
        int testDays = (int) flags.number("test-days", 7);
        int k = (int) flags.number("k", EvaluationProtocol.DEFAULT_K);
        int factors = (int) flags.number("factors", 32);
        int epochs = (int) flags.number("epochs", 10);
        float regularization = (float) flags.decimal("regularization", 0.03);
        float confidence = (float) flags.decimal("confidence", DjlModelTrainer.DEFAULT_CONFIDENCE_SCALE);
        long trainSeed = flags.number("train-seed", 1);
        int recentItems = (int) flags.number("recent-items", 0);
        double decay = flags.decimal("decay", 1.0);
        double offset = flags.decimal("offset", 10);
        int depth = (int) flags.number("depth", 100);
        int easeItems = (int) flags.number("ease-items", 6000);
        float easeLambda = (float) flags.decimal("ease-lambda", 200);
        String cart = flags.text("cart", "fold-in");
        if (!cart.equals("cosine") && !cart.equals("fold-in")) {
            System.err.println("QualityBenchmark: --cart must be cosine or fold-in");
            System.exit(2);
        }
        String[] hybrid = flags.text("hybrid", "0.7,0.4,0.3").split(",");
        if (hybrid.length != 3) {
            System.err.println("QualityBenchmark: --hybrid takes three weights: home,cart,similar");
            System.exit(2);
        }
        BlendedRanker.Weights hybridWeights = new BlendedRanker.Weights(Double.parseDouble(hybrid[0].trim()),
                Double.parseDouble(hybrid[1].trim()), Double.parseDouble(hybrid[2].trim()));
        List<Double> blends = new ArrayList<>();
        for (String w : flags.text("blend", "").split(",")) {
            if (!w.isBlank()) {
                blends.add(Double.parseDouble(w.trim()));
            }
        }

        Map<String, Long> timings = new LinkedHashMap<>();
        long start = System.nanoTime();
        double head = flags.decimal("head", SyntheticStore.DEFAULT_POPULARITY_EXPONENT);
        SyntheticStore store = SyntheticStore.generate(new SyntheticStore.Spec(events, items, users, seed, days,
                SyntheticStore.Spec.DEFAULT_START, 0.1, head));
        List<ShopperEvent> all = store.events().toList();
        start = lap(timings, "generate", start);
        TimeSplit split = TimeSplit.lastDays(all, testDays);
        TimeSplit.Parts parts = split.split(all);
        EvaluationProtocol protocol = EvaluationProtocol.defaults().withK(k);
        EvaluationHarness harness = EvaluationHarness.prepare(store.catalog(), parts, protocol);
        start = lap(timings, "split and build queries", start);

        Set<ItemId> inStock = new HashSet<>();
        store.catalog().stream().filter(Item::inStock).forEach(i -> inStock.add(i.id()));
        PopularityRanker popularity = PopularityRanker.train(parts.train(), inStock::contains,
                PopularityModel.standard());
        start = lap(timings, "train popularity", start);
        CooccurrenceModel cooccurrence = CooccurrenceModel.train(parts.train(), inStock::contains, popularity,
                CooccurrenceModel.Config.defaults());
        start = lap(timings, "train cooccurrence", start);

        EventWeights weights = EventWeights.standard();
        Interactions interactions = TrainingInteractions.from(parts.train(), weights);
        start = lap(timings, "ials: build interactions", start);
        Engine.getEngine("PyTorch");
        start = lap(timings, "ials: DJL engine start", start);
        List<String> losses = new ArrayList<>();
        LearnedFactors learned = new DjlModelTrainer(confidence, DjlModelTrainer.DEFAULT_CONJUGATE_GRADIENT_STEPS,
                DjlModelTrainer.DEFAULT_MAX_BLOCK_FLOATS).train(interactions,
                new TrainingOptions(factors, epochs, 0.01f, regularization, trainSeed),
                (epoch, of, loss, elapsed) -> losses.add(String.format(Locale.ROOT, "%.3f", loss)));
        start = lap(timings, "ials: train (DJL)", start);
        FactorRanker.Config rankerConfig = new FactorRanker.Config(weights, confidence, regularization,
                recentItems, decay, FactorRanker.CartScoring.COSINE);
        FactorRanker ials = new FactorRanker("ials", learned, inStock::contains, popularity, rankerConfig);
        lap(timings, "ials: load ranker", start);
        FactorRanker ialsFoldInCart = new FactorRanker("ials-fold-in-cart", learned, inStock::contains, popularity,
                rankerConfig.withCartScoring(FactorRanker.CartScoring.FOLD_IN));
        Ranker cachedCooccurrence = new MemoizedRanker(cooccurrence);
        Ranker cachedIals = new MemoizedRanker("fold-in".equals(cart) ? ialsFoldInCart : ials);

        List<Ranker> rankers = new ArrayList<>(List.of(popularity, cachedCooccurrence, new MemoizedRanker(ials),
                new KnownShoppers(ials, harness), new MemoizedRanker(ialsFoldInCart)));
        rankers.add(new BlendedRanker("hybrid", cachedIals, cachedCooccurrence, hybridWeights, depth, offset));
        for (double w : blends) {
            rankers.add(new BlendedRanker(String.format(Locale.ROOT, "blend-%.2f", w), cachedIals,
                    cachedCooccurrence, BlendedRanker.Weights.all(w), depth, offset));
        }

        // EASE as the platform serves it (kept sparse, blended with co-occurrence), for the served home rows.
        Ranker servedEase = null;
        Ranker servedEaseAlone = null;
        if (easeItems > 0) {
            start = System.nanoTime();
            EaseGram gram = EaseGram.of(interactions, easeItems);
            start = lap(timings, "ease: gram over " + gram.items().size() + " items", start);
            float[] dense = DjlEaseSolver.weights(gram, easeLambda);
            Ranker ease = new MemoizedRanker(new EaseModel("ease-" + gram.items().size(), gram.items(), dense,
                    inStock::contains, popularity, weights));
            lap(timings, "ease: inverse (DJL)", start);
            rankers.add(ease);
            rankers.add(new BlendedRanker("hybrid-ease", ease, cachedCooccurrence, hybridWeights, depth, offset));
            SparseItemModel kept = SparseItemModel.strongest(gram.items(), dense, TrainingSettings.Ease.defaults()
                    .keep());
            // As the gate and serving hold it: no fallback of its own (the blend fills its short rows).
            Ranker keptRanker = new MemoizedRanker(kept.ranker("ease-served", inStock::contains,
                    new PopularityRanker(List.of(), id -> true), weights));
            servedEase = new MemoizedRanker(ServingBlend.of("hybrid-ease-served", keptRanker, cachedCooccurrence));
            servedEaseAlone = keptRanker;
            // What cart and product page serve where the gate chose EASE there: its own list, topped up by
            // co-occurrence.
            rankers.add(ServingBlend.itemModelFirst(EASE_FIRST, keptRanker, cachedCooccurrence));
            for (String keep : flags.text("ease-keep", "").split(",")) {
                if (!keep.isBlank()) {
                    int k2 = Integer.parseInt(keep.trim());
                    Ranker sparse = new MemoizedRanker(new EaseModel("ease-" + gram.items().size() + "-keep-" + k2,
                            gram.items(), EaseModel.strongest(dense, gram.items().size(), k2), inStock::contains,
                            popularity, weights));
                    rankers.add(sparse);
                    rankers.add(new BlendedRanker("hybrid-ease-keep-" + k2, sparse, cachedCooccurrence,
                            hybridWeights, depth, offset));
                }
            }
        }

        RecentItemsRanker recent = new RecentItemsRanker(weights, inStock::contains,
                flags.decimal("recent-decay", 0.9));
        List<Ranker> withRecent = new ArrayList<>();
        for (String w : flags.text("recent", "").split(",")) {
            if (w.isBlank()) {
                continue;
            }
            double modelWeight = Double.parseDouble(w.trim());
            if (withRecent.isEmpty()) {
                withRecent.add(recent);
            }
            BlendedRanker.Weights homeOnly = new BlendedRanker.Weights(modelWeight, 1.0, 1.0);
            for (Ranker base : List.copyOf(rankers)) {
                if (base.name().equals("hybrid") || base.name().equals("hybrid-ease")) {
                    withRecent.add(new BlendedRanker(base.name() + "+recent-" + w.trim(), base, recent, homeOnly,
                            depth, offset));
                }
            }
        }
        rankers.addAll(withRecent);

        List<Ranker> withTaste = new ArrayList<>();
        String[] tc = flags.text("taste-config", "0.97,2,2").split(",");
        CategoryTasteModel.Config defaultsTaste = CategoryTasteModel.Config.defaults();
        for (String w : flags.text("taste", "").split(",")) {
            if (w.isBlank()) {
                continue;
            }
            double modelWeight = Double.parseDouble(w.trim());
            if (withTaste.isEmpty()) {
                start = System.nanoTime();
                withTaste.add(new MemoizedRanker(CategoryTasteModel.train("taste", parts.train(), store.catalog(),
                        inStock::contains, PopularityModel.standard(), weights, new CategoryTasteModel.Config(
                                Double.parseDouble(tc[0]), Double.parseDouble(tc[1]), Double.parseDouble(tc[2]),
                                defaultsTaste.scanPerLeaf(), defaultsTaste.scanTop()))));
                lap(timings, "taste: train", start);
            }
            Ranker taste = withTaste.getFirst();
            BlendedRanker.Weights homeOnly = new BlendedRanker.Weights(modelWeight, 1.0, 1.0);
            for (Ranker base : List.copyOf(rankers)) {
                if (base.name().equals("hybrid") || base.name().startsWith("hybrid-ease") || base.name().equals("ials")
                        || base.name().startsWith("ease-") && !base.name().contains("keep")) {
                    Ranker tasted = new BlendedRanker(base.name() + "+taste-" + w.trim(), base, taste, homeOnly,
                            depth, offset);
                    withTaste.add(tasted);
                    BlendedRanker.Weights half = new BlendedRanker.Weights(0.5, 1.0, 1.0);
                    withTaste.add(new BlendedRanker(tasted.name() + "+recent-0.5", tasted, recent, half, depth,
                            offset));
                }
            }
        }
        rankers.addAll(withTaste);

        List<EvaluationReport> reports = new ArrayList<>();
        long evaluating = System.nanoTime();
        for (Ranker ranker : rankers) {
            for (Surface surface : Surface.values()) {
                if ((ranker instanceof KnownShoppers || ranker instanceof RecentItemsRanker
                        || ranker.name().contains("+recent-") || ranker.name().contains("taste"))
                        && surface != Surface.HOME
                        || ranker.name().equals("ials-fold-in-cart") && surface != Surface.CART
                        || ranker.name().equals(EASE_FIRST) && surface == Surface.HOME) {
                    continue;
                }
                reports.add(harness.evaluate(ranker, surface));
            }
        }

        lap(timings, "evaluate every row", evaluating);

        // Home as the platform serves it: the hybrid composed by each recipe the training gate tries
        // (HomeRecipe), and the one the gate would keep, by home NDCG on these held-out days.
        start = System.nanoTime();
        CategoryTasteModel servedTaste = CategoryTasteModel.train("taste", parts.train(), store.catalog(),
                inStock::contains, PopularityModel.standard(), weights, CategoryTasteModel.Config.defaults());
        Ranker servedHybrid = new MemoizedRanker(ServingBlend.of("hybrid", cachedIals, cachedCooccurrence));
        EvaluationReport kept = null;
        HomeRecipe keptRecipe = null;
        for (HomeRecipe recipe : HomeRecipe.candidates(true, servedEase != null)) {
            EvaluationReport r = harness.evaluate(recipe.apply(servedHybrid, servedEase, servedTaste, weights,
                    inStock::contains, true), Surface.HOME);
            r = new EvaluationReport("served home: " + recipe.describe(), r.surface(), r.k(), r.queries(), r.recall(),
                    r.ndcg(), r.mrr(), r.coverage(), r.novelty());
            reports.add(r);
            if (kept == null || r.ndcg() > kept.ndcg()) {
                kept = r;
                keptRecipe = recipe;
            }
        }
        // Then, as the gate does, each on top of the recipe kept so far: the learned model's other weights against
        // co-occurrence, where shoppers went next, the long-term profile.
        TransitionModel sequence = TransitionModel.train("sequence", parts.train(), inStock::contains, weights,
                TransitionModel.Config.defaults());
        LongTermProfiles profiles = LongTermProfiles.of(parts.train(), protocol.historyEvents(),
                LongTermProfiles.DEFAULT_ITEMS, weights);
        EvaluationHarness withProfiles = harness.withLongTermProfiles(profiles);
        Ranker easeAlone = servedEaseAlone;
        for (var step : HomeRecipe.refinements(profiles.shoppers() > 0)) {
            for (HomeRecipe recipe : step.apply(keptRecipe)) {
                Ranker ialsBlend = ServingBlend.of("hybrid", cachedIals, cachedCooccurrence, recipe.blendWeight());
                Ranker easeBlend = easeAlone == null ? null : ServingBlend.of("hybrid-ease-served", easeAlone,
                        cachedCooccurrence, recipe.blendWeight());
                EvaluationReport r = (recipe.longTermProfile() ? withProfiles : harness).evaluate(recipe.apply(
                        ialsBlend, easeBlend, servedTaste, sequence, weights, inStock::contains, true), Surface.HOME);
                r = new EvaluationReport("served home: " + recipe.describe(), r.surface(), r.k(), r.queries(),
                        r.recall(), r.ndcg(), r.mrr(), r.coverage(), r.novelty());
                reports.add(r);
                if (r.ndcg() > kept.ndcg()) {
                    kept = r;
                    keptRecipe = recipe;
                }
            }
        }
        System.err.printf(Locale.ROOT, "long-term profiles: %,d shoppers%n", profiles.shoppers());
        reports.add(new EvaluationReport("**served (the gate keeps " + keptRecipe.describe() + ")**", kept.surface(),
                kept.k(), kept.queries(), kept.recall(), kept.ndcg(), kept.mrr(), kept.coverage(), kept.novelty()));
        lap(timings, "served home: every recipe", start);
        System.out.printf(Locale.ROOT, "## Quality on the synthetic store (seed %d, %,d events, %,d items, %,d users, "
                + "popularity exponent %s)%n%n", seed, events, items, users, head);
        System.out.printf(Locale.ROOT, "- in stock: %,d items; train %,d events before %s; test %,d over the last "
                + "%d days%n", inStock.size(), parts.train().size(), split.cutoff(), parts.test().size(), testDays);
        System.out.printf(Locale.ROOT, "- queries: home %,d, cart %,d, similar %,d%n", harness.homeQueries().size(),
                harness.cartQueries().size(), harness.similarQueries().size());
        System.out.printf(Locale.ROOT, "- iALS: %,d pairs (%,d users x %,d items), %d factors, %d epochs, "
                + "regularization %s, confidence %s, fold-in recent items %d, decay %s; hybrid weights %s; "
                + "blends: iALS cart %s, offset %s, depth %d%n", interactions.size(), interactions.users().size(),
                interactions.items().size(), factors, epochs, regularization, confidence, recentItems, decay,
                hybridWeights, cart, offset, depth);
        System.out.printf(Locale.ROOT, "- iALS loss per epoch: %s%n%n", String.join(" ", losses));
        for (Surface surface : Surface.values()) {
            System.out.printf(Locale.ROOT, "| %s | Recall@%d | NDCG@%d | MRR@%d | coverage | novelty |%n",
                    surface.wireName(), k, k, k);
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (EvaluationReport r : reports) {
                if (r.surface() == surface) {
                    System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.2f |%n", r.model(),
                            r.recall(), r.ndcg(), r.mrr(), r.coverage(), r.novelty());
                }
            }
            System.out.println();
        }
        System.out.println("| step | time |");
        System.out.println("|---|---:|");
        timings.forEach((step, millis) -> System.out.printf(Locale.ROOT, "| %s | %.2f s |%n", step,
                millis / 1000.0));
    }

    private static long lap(Map<String, Long> timings, String step, long start) {
        long now = System.nanoTime();
        timings.put(step, (now - start) / 1_000_000);
        return now;
    }

    /**
     * iALS home with the learned vector of the query's shopper. The harness asks rankers by history alone, so the
     * shopper is recovered from the history list object, which the harness passes as built in its query.
     */
    private static final class KnownShoppers implements Ranker {
        private final FactorRanker factors;
        private final Map<List<Interaction>, String> shopperOf = new IdentityHashMap<>();

        KnownShoppers(FactorRanker factors, EvaluationHarness harness) {
            this.factors = factors;
            for (EvaluationHarness.HomeQuery q : harness.homeQueries()) {
                shopperOf.put(q.history(), q.shopper());
            }
        }

        @Override
        public String name() {
            return "ials-learned";
        }

        @Override
        public List<ItemId> home(List<Interaction> history, int k) {
            return factors.home(shopperOf.get(history), history, k);
        }

        @Override
        public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
            return factors.cart(cartItems, history, k);
        }

        @Override
        public List<ItemId> similar(ItemId item, int k) {
            return factors.similar(item, k);
        }
    }
}
