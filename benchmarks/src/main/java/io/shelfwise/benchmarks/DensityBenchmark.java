package io.shelfwise.benchmarks;

import io.shelfwise.adapters.djl.DjlModelTrainer;
import io.shelfwise.adapters.djl.DjlRuntime;
import io.shelfwise.adapters.memory.CaffeineTenantCaches;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.datasets.CommandLineFlags;
import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.port.out.ModelArtifacts;
import io.shelfwise.recommendation.ranking.CooccurrenceModel;
import io.shelfwise.recommendation.ranking.EventWeights;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.recommendation.ranking.PopularityRanker;
import io.shelfwise.recommendation.ranking.Ranker;
import io.shelfwise.recommendation.ranking.ServingBlend;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.registry.TrainingSummary;
import io.shelfwise.recommendation.serving.ServingModels;
import io.shelfwise.recommendation.training.TrainingInteractions;
import io.shelfwise.recommendation.training.TrainingSettings;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Density: how many Standard tenants one process serves within its heap, with the serving models held in the
 * size-bounded tenant caches exactly as the platform holds them ({@link ServingModels} for the learned model,
 * a Caffeine cache for the co-occurrence model, budgets as the platform's defaults derive them from the heap).
 *
 * <p>One Standard store is generated ({@code --events}, 50,000; {@code --items}, 5,000) and its iALS model trained
 * with DJL once; every tenant's registry reads that model's artifact bytes (the artifacts are shared, the decoded
 * models are not: each tenant holds its own objects, as separate tenants would). Then: (1) every tenant is asked
 * for once, in order: cold loads (decode + ranker build; co-occurrence built from the events); (2) the heap after a
 * full GC, per tenant held; (3) {@code --requests} home rankings over tenants drawn by a Zipf law (exponent 1) and
 * random shoppers of the store, each with its latest 50 events, timed in process (no HTTP): p50/p99/p99.9 of the
 * whole request including any cold load it hit. Run with {@code -Xmx4g} ({@code ./shelfwise bench density}).
 */
public final class DensityBenchmark {
    private static final TenantId TEMPLATE = new TenantId("template");

    private DensityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineFlags flags = CommandLineFlags.parse(Set.of("tenants", "events", "items", "requests", "seed"),
                args);
        int tenants = (int) flags.number("tenants", 1_000, 1, 1_000_000);
        long events = flags.number("events", 50_000, 1_000, 100_000_000);
        int itemCount = (int) flags.number("items", 5_000, 10, 1_000_000);
        int requests = (int) flags.number("requests", 200_000, 1, 100_000_000);
        long seed = flags.number("seed", 42);
        long heap = Runtime.getRuntime().maxMemory();

        SyntheticStore store = SyntheticStore.generate(SyntheticStore.Spec.of(events, itemCount,
                SyntheticStore.Spec.defaultUsers(events), seed));
        List<ShopperEvent> log = store.events().toList();
        Map<String, List<Interaction>> histories = histories(log);
        List<String> shoppers = new ArrayList<>(histories.keySet());
        System.out.printf(Locale.ROOT, "store per tenant: %,d events, %,d items, %,d shoppers; %,d tenants; heap %.1f"
                + " GiB; %s%n", log.size(), itemCount, shoppers.size(), tenants, heap / 1073741824.0,
                Runtime.version());

        // The one trained model every tenant serves (its own decoded copy).
        java.nio.file.Path dir = ScratchDirectory.create("shelfwise-density-bench");
        DjlRuntime.configure(dir.resolve("djl-cache"));
        TrainingSettings settings = TrainingSettings.defaults();
        long trainStart = System.nanoTime();
        LearnedFactors factors = new DjlModelTrainer((float) settings.confidenceScale(),
                DjlModelTrainer.DEFAULT_CONJUGATE_GRADIENT_STEPS, DjlModelTrainer.DEFAULT_MAX_BLOCK_FLOATS)
                .train(TrainingInteractions.from(log, EventWeights.standard()), settings.options(),
                        (epoch, of, loss, elapsed) -> { });
        System.out.printf(Locale.ROOT, "template model trained in %.1f s (%d factors)%n",
                (System.nanoTime() - trainStart) / 1e9, factors.dim());
        SharedArtifacts artifacts = new SharedArtifacts();
        ModelRegistry registry = new ModelRegistry(artifacts);
        Instant now = Instant.now();
        GateResult gate = new GateResult("popularity", "mean NDCG@20 of home and cart", 0.2, 0.1, 0.02, true,
                "benchmark", List.of());
        registry.add(TEMPLATE, new ModelVersion(1, ModelVersion.Status.INACTIVE, now, now,
                new TrainingSummary(log.size(), log.size(), shoppers.size(), itemCount, factors.dim(),
                        settings.options().epochs(), 0, Duration.ZERO), gate),
                new FactorModel(factors, settings.confidenceScale(), settings.options().regularization()));
        registry.promote(TEMPLATE, 1);

        // The platform's budgets from this heap: 35 % for models, 60 % of it learned and 40 % co-occurrence.
        CaffeineTenantCaches caches = new CaffeineTenantCaches(Runnable::run);
        long modelBudget = heap * 35 / 100;
        ServingModels learned = new ServingModels(registry, Clock.systemUTC(), Duration.ofHours(1), Runnable::run,
                caches, modelBudget * 3 / 5, Duration.ofMinutes(30));
        TenantCaches.TenantCache<CooccurrenceModel> cooccurrence = caches.create("cooccurrence", modelBudget * 2 / 5,
                Duration.ofMinutes(30), CooccurrenceModel::bytes);
        java.util.function.Function<TenantId, CooccurrenceModel> build = t -> CooccurrenceModel.train(log,
                id -> true, PopularityRanker.train(log, id -> true, PopularityModel.standard()),
                CooccurrenceModel.Config.defaults());
        List<TenantId> ids = new ArrayList<>(tenants);
        for (int t = 0; t < tenants; t++) {
            ids.add(new TenantId(String.format(Locale.ROOT, "shop-%05d", t)));
        }

        long baseline = usedAfterGc();
        long[] learnedLoads = new long[tenants];
        long[] cooccurrenceBuilds = new long[tenants];
        long fillStart = System.nanoTime();
        for (int t = 0; t < tenants; t++) {
            long a = System.nanoTime();
            learned.current(ids.get(t)).orElseThrow();
            long b = System.nanoTime();
            cooccurrence.get(ids.get(t), build);
            long c = System.nanoTime();
            learnedLoads[t] = b - a;
            cooccurrenceBuilds[t] = c - b;
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        long filled = usedAfterGc();
        List<TenantCaches.Stats> afterFill = caches.stats();
        System.out.printf(Locale.ROOT, "(1) every tenant asked once: %.1f s; cold load of a learned model p50 %.1f ms,"
                        + " p99 %.1f ms; co-occurrence build p50 %.1f ms, p99 %.1f ms%n", fillSeconds,
                percentile(learnedLoads, 50) / 1e6, percentile(learnedLoads, 99) / 1e6,
                percentile(cooccurrenceBuilds, 50) / 1e6, percentile(cooccurrenceBuilds, 99) / 1e6);
        TenantCaches.Stats heldLearned = stat(afterFill, "models");
        TenantCaches.Stats heldBehaviour = stat(afterFill, "cooccurrence");
        double estimated = heldLearned.weight() + heldBehaviour.weight();
        double ratio = (filled - baseline) / estimated;
        double perTenant = ratio * (heldLearned.weight() / (double) Math.max(1, heldLearned.entries())
                + heldBehaviour.weight() / (double) Math.max(1, heldBehaviour.entries()));
        System.out.printf(Locale.ROOT, "(2) heap after a full GC: %.0f MiB above the start, holding %d learned and %d "
                        + "co-occurrence models whose estimates add up to %.0f MiB (heap / estimate = %.2f); at "
                        + "that ratio one tenant's two models take %.2f MiB: %d tenants fit the %.0f MiB model "
                        + "budget%n", (filled - baseline) / 1048576.0, heldLearned.entries(), heldBehaviour.entries(),
                estimated / 1048576.0, ratio, perTenant / 1048576.0, (long) (modelBudget / perTenant),
                modelBudget / 1048576.0);
        afterFill.forEach(s -> System.out.printf(Locale.ROOT, "    cache %-12s %,6d entries, %,8.1f of %,8.1f MiB "
                        + "(estimated), %,d loads, %,d evictions%n", s.name(), s.entries(), s.weight() / 1048576.0,
                s.maxWeight() / 1048576.0, s.loads(), s.evictions()));

        ZipfSampler zipf = new ZipfSampler(tenants, 1.0);
        SplittableRandom random = new SplittableRandom(seed);
        long[] latencies = new long[requests];
        long slow = 0;
        Map<String, Long> loadsBefore = loads(caches);
        PopularityRanker bestsellers = PopularityRanker.train(log, id -> true, PopularityModel.standard());
        java.util.concurrent.ExecutorService builder = java.util.concurrent.Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().factory());
        Set<TenantId> building = ConcurrentHashMap.newKeySet();
        long fallbacks = 0;
        for (int r = 0; r < requests; r++) {
            TenantId tenant = ids.get(zipf.sample(random));
            String shopper = shoppers.get(random.nextInt(shoppers.size()));
            long a = System.nanoTime();
            ServingModels.Served served = learned.current(tenant).orElseThrow();
            CooccurrenceModel behaviour = cooccurrence.getIfPresent(tenant);
            List<ItemId> home;
            if (behaviour == null) {
                // As the platform does: built in the background, the tenant's bestsellers served meanwhile.
                if (building.add(tenant)) {
                    builder.execute(() -> {
                        cooccurrence.get(tenant, build);
                        building.remove(tenant);
                    });
                }
                home = bestsellers.home(histories.get(shopper), 20);
                fallbacks++;
            } else {
                Ranker ranker = ServingBlend.withRecentItems(ServingBlend.of(served.name(), served.ranker(),
                        behaviour), EventWeights.standard(), id -> true);
                home = ranker.home(histories.get(shopper), 20);
            }
            latencies[r] = System.nanoTime() - a;
            if (home.isEmpty()) {
                throw new IllegalStateException("an empty home list for " + tenant);
            }
            if (latencies[r] > 10_000_000) {
                slow++;
            }
        }
        Map<String, Long> loadsAfter = loads(caches);
        System.out.printf(Locale.ROOT, "(3) %,d home rankings, tenants by Zipf(1): p50 %.3f ms, p99 %.3f ms, p99.9 "
                        + "%.3f ms, max %.1f ms; %,d over 10 ms; cold loads during the run: %d learned (inline), %d "
                        + "co-occurrence (in the background; %,d requests served bestsellers meanwhile)%n", requests, percentile(latencies, 50) / 1e6, percentile(latencies, 99) / 1e6,
                percentile(latencies, 99.9) / 1e6, Arrays.stream(latencies).max().orElse(0) / 1e6, slow,
                loadsAfter.get("models") - loadsBefore.get("models"),
                loadsAfter.get("cooccurrence") - loadsBefore.get("cooccurrence"), fallbacks);
        builder.shutdownNow();
        System.out.printf(Locale.ROOT, "GC: %s%n", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(g -> g.getName() + " " + g.getCollectionCount() + " collections, " + g.getCollectionTime()
                        + " ms").toList());
    }

    private static TenantCaches.Stats stat(List<TenantCaches.Stats> all, String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, Long> loads(CaffeineTenantCaches caches) {
        Map<String, Long> loads = new HashMap<>();
        caches.stats().forEach(s -> loads.put(s.name(), s.loads()));
        return loads;
    }

    /** Each shopper's latest 50 interactions, oldest first: what serving folds in. */
    private static Map<String, List<Interaction>> histories(List<ShopperEvent> log) {
        Map<String, List<Interaction>> all = new HashMap<>();
        for (ShopperEvent e : log) {
            List<Interaction> history = all.computeIfAbsent(e.shopperKey(), k -> new ArrayList<>());
            for (ItemId item : e.itemIds()) {
                history.add(new Interaction(item, e.type(), e.occurredAt()));
            }
        }
        all.replaceAll((k, v) -> {
            v.sort(java.util.Comparator.comparing(Interaction::at));
            return List.copyOf(v.subList(Math.max(0, v.size() - 50), v.size()));
        });
        all.values().removeIf(List::isEmpty);
        return all;
    }

    private static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Every tenant reads the template's artifacts: one copy of the bytes, a decoded model per tenant. */
    private static final class SharedArtifacts implements ModelArtifacts {
        private final Map<String, byte[]> byName = new ConcurrentHashMap<>();

        @Override
        public void put(TenantId tenant, String name, byte[] content) {
            byName.put(name, content);
        }

        @Override
        public Optional<byte[]> get(TenantId tenant, String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public List<String> list(TenantId tenant, String prefix) {
            return byName.keySet().stream().filter(n -> n.startsWith(prefix)).sorted().toList();
        }

        @Override
        public void delete(TenantId tenant, String name) {
            byName.remove(name);
        }
    }
}
