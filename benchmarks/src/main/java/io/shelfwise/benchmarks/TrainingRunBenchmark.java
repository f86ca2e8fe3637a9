package io.shelfwise.benchmarks;

import io.shelfwise.adapters.djl.DjlModelTrainer;
import io.shelfwise.adapters.djl.DjlRuntime;
import io.shelfwise.adapters.local.LocalDirectoryModelArtifacts;
import io.shelfwise.catalog.CatalogPage;
import io.shelfwise.catalog.CatalogView;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.catalog.port.in.BrowseCatalog;
import io.shelfwise.datasets.CommandLineFlags;
import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.port.out.InteractionHistory;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.serving.ServingModels;
import io.shelfwise.recommendation.training.TrainingOptions;
import io.shelfwise.recommendation.training.TrainingRun;
import io.shelfwise.recommendation.training.TrainingRunLog;
import io.shelfwise.recommendation.training.TrainingService;
import io.shelfwise.recommendation.training.TrainingSettings;
import io.shelfwise.tenancy.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * One tenant's whole training run, the use case the API starts ({@link TrainingService}), on a generated store:
 * hold out the last 7 days, train iALS with DJL, evaluate candidate and popularity on the held-out days, store the
 * version in a local artifact directory and promote it. The events come from memory (the generator), so the figure
 * is the run itself, without reading them from the database.
 *
 * <p>{@code --events N} (1,000,000), {@code --items N} (the generator's default for that many events, at most
 * 20,000), {@code --seed N} (42), {@code --factors N} (32, the platform's default), {@code --epochs N} (10). The
 * events are generated again for each read, and a read keeps only the newest events the settings allow
 * ({@code maxEvents}, as the database read does), so a store larger than the heap can be measured.
 */
public final class TrainingRunBenchmark {
    private TrainingRunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineFlags flags = CommandLineFlags.parse(Set.of("events", "items", "seed", "factors", "epochs", "head",
                "tuning-seconds"), args);
        long events = flags.number("events", 1_000_000, 1, Long.MAX_VALUE);
        long seed = flags.number("seed", 42);
        int factors = (int) flags.number("factors", TrainingSettings.defaults().options().factors(), 1, 1024);
        int epochs = (int) flags.number("epochs", 10, 1, 1000);
        int items = (int) flags.number("items", SyntheticStore.Spec.defaultItems(events), 1, 10_000_000);
        double head = flags.decimal("head", SyntheticStore.DEFAULT_POPULARITY_EXPONENT);
        long tuning = flags.number("tuning-seconds", TrainingSettings.defaults().tuningBudget().toSeconds(), 0,
                3600);

        Path dir = ScratchDirectory.create("shelfwise-training-bench");
        DjlRuntime.configure(dir.resolve("djl-cache"));
        // The quality benchmark's store (same start, days and head), so that the gate's rows compare with its rows.
        SyntheticStore store = SyntheticStore.generate(new SyntheticStore.Spec(events, items,
                SyntheticStore.Spec.defaultUsers(events), seed, SyntheticStore.Spec.DEFAULT_DAYS,
                SyntheticStore.Spec.DEFAULT_START, 0.1, head));
        List<Item> catalog = store.catalog();
        System.out.printf(Locale.ROOT, "store: %,d events, %,d items, %,d shoppers over 60 days, seed %d, head %s; "
                        + "tuning budget %d s%n", events, catalog.size(), store.spec().users(), seed, head, tuning);

        TenantId tenant = new TenantId("bench-shop");
        TrainingSettings settings = TrainingSettings.defaults().withOptions(new TrainingOptions(factors, epochs,
                0.01f, TrainingSettings.defaults().options().regularization(), 1))
                .withTuningBudget(Duration.ofSeconds(tuning));
        LocalDirectoryModelArtifacts artifacts = new LocalDirectoryModelArtifacts(dir);
        ModelRegistry registry = new ModelRegistry(artifacts);
        Clock clock = Clock.systemUTC();
        ServingModels serving = new ServingModels(registry, clock, Duration.ofMinutes(10), Runnable::run,
                new io.shelfwise.adapters.memory.CaffeineTenantCaches(Runnable::run), 1L << 30, Duration.ofHours(1));
        // The window ends at the store's newest event, as the event store reports it (found before the run).
        Instant newestEvent = store.events().map(ShopperEvent::occurredAt).max(Instant::compareTo).orElseThrow();
        InteractionHistory history = new InteractionHistory() {
            @Override
            public List<ShopperEvent> eventsSince(TenantId t, Instant since, int max) {
                return newest(store, since, max);
            }

            @Override
            public java.util.Optional<Instant> newestEventAt(TenantId t) {
                return java.util.Optional.of(newestEvent);
            }
        };
        TrainingService service = new TrainingService(history,
                catalogOf(catalog),
                new DjlModelTrainer((float) settings.confidenceScale(), DjlModelTrainer.DEFAULT_CONJUGATE_GRADIENT_STEPS,
                        DjlModelTrainer.DEFAULT_MAX_BLOCK_FLOATS),
                registry, new TrainingRunLog(artifacts), serving, (t, metric, amount) -> { }, clock, settings, UUID::randomUUID, Runnable::run);

        long began = System.nanoTime();
        TrainingRun run = service.startTraining(tenant);
        Duration total = Duration.ofNanos(System.nanoTime() - began);
        System.out.printf(Locale.ROOT, "run: %s in %.1f s (2-core figure is the point: target under 2 minutes)%n",
                run.state(), total.toMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "loss per epoch: %s%n", run.losses().stream()
                .map(l -> String.format(Locale.ROOT, "%.4f", l)).toList());
        if (run.version() != null) {
            ModelVersion v = registry.version(tenant, run.version()).orElseThrow();
            System.out.printf(Locale.ROOT, "trainer (DJL iALS, %d factors, %d epochs, %,d pairs, %,d shoppers x %,d "
                            + "items): %.1f s; loading, split, evaluation and storing: %.1f s%n", factors, epochs,
                    v.training().pairs(), v.training().shoppers(), v.training().items(),
                    v.training().duration().toMillis() / 1000.0,
                    (total.toMillis() - v.training().duration().toMillis()) / 1000.0);
            System.out.println("(the second figure includes the refit of the winner on the whole window)");
            System.out.println("gate: " + v.gate().reason());
            System.out.println("| model | surface | queries | Recall@20 | NDCG@20 | MRR | coverage |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|");
            for (EvaluationReport r : v.gate().reports()) {
                System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.3f | %.3f | %.3f | %.3f |%n",
                        switch (r.model()) {
                            case "opponent" -> v.gate().opponent();
                            case "candidate" -> "**candidate** (iALS+co-occurrence; home: "
                                    + v.gate().home().describe() + ")";
                            case "cooccurrence" -> "co-occurrence (home: with the kept recipe's taste, recent items)";
                            case "ease" -> "EASE-50, topped up by co-occurrence";
                            default -> r.model();
                        },
                        r.surface().wireName(), r.queries(), r.recall(), r.ndcg(), r.mrr(), r.coverage());
            }
            System.out.printf(Locale.ROOT, "artifact: %,d bytes%n", Files.size(dir.resolve("artifacts")
                    .resolve(tenant.value()).resolve(v.artifact())));
        } else {
            System.out.println("message: " + run.message());
        }
    }

    /** The newest {@code max} events since {@code since}, oldest first, as the database read gives them. */
    private static List<ShopperEvent> newest(SyntheticStore store, Instant since, int max) {
        java.util.ArrayDeque<ShopperEvent> newest = new java.util.ArrayDeque<>();
        store.events().filter(e -> !e.occurredAt().isBefore(since)).forEach(e -> {
            newest.addLast(e);
            if (newest.size() > max) {
                newest.removeFirst();
            }
        });
        return List.copyOf(newest);
    }

    private static BrowseCatalog catalogOf(List<Item> items) {
        List<Item> sorted = items.stream().sorted(java.util.Comparator.comparing(i -> i.id().value())).toList();
        return new BrowseCatalog() {
            @Override
            public Item get(TenantId tenant, ItemId id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CatalogPage page(TenantId tenant, ItemId after, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CatalogView view(TenantId tenant) {
                return new CatalogView() {
                    @Override
                    public Item find(ItemId id) {
                        return sorted.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
                    }

                    @Override
                    public Collection<Item> items() {
                        return sorted;
                    }

                    @Override
                    public long generation() {
                        return 0;
                    }
                };
            }

            @Override
            public List<Item> inStock(TenantId tenant, Collection<ItemId> ids) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Item> anyInStock(TenantId tenant, int limit) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
