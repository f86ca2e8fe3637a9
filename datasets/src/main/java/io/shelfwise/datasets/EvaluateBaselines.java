package io.shelfwise.datasets;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.evaluation.EvaluationHarness;
import io.shelfwise.recommendation.evaluation.EvaluationProtocol;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.evaluation.TimeSplit;
import io.shelfwise.recommendation.ranking.CooccurrenceModel;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.recommendation.ranking.PopularityRanker;
import io.shelfwise.recommendation.ranking.Ranker;
import io.shelfwise.recommendation.ranking.Surface;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Evaluates the popularity and item co-occurrence baselines on every surface, on a generated store or on a public
 * dataset file, and prints a markdown table with the timings of each step. Run after building the module, e.g.
 * {@code java -cp datasets/target/classes:domain/target/classes io.shelfwise.datasets.EvaluateBaselines
 * --events 1000000}; {@code --help} lists the flags.
 */
public final class EvaluateBaselines {
    private static final String USAGE = """
            usage: EvaluateBaselines [flags]
              --events N        events to generate (default 100000)
              --items N         catalog size (default: events / 50, between 100 and 20000)
              --users N         registered shoppers (default: events / 20, at least 20)
              --seed N          generator seed (default 42)
              --days N          days the generated events span (default 60)
              --retailrocket F  evaluate on a RetailRocket events.csv instead of a generated store
              --movielens F     evaluate on a MovieLens ratings.csv or ratings.dat instead
              --test-days N     last days held out as the test window (default 7)
              --k N             list length the metrics are computed at (default 20)
            """;

    private EvaluateBaselines() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("EvaluateBaselines: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    /** Runs the whole evaluation and prints its report to {@code out}; returns the reports for callers to check. */
    static List<EvaluationReport> run(Options options, PrintStream out) {
        Map<String, Long> timings = new LinkedHashMap<>();
        Dataset data = timed(timings, options.file() == null ? "generate" : "load", () -> load(options));
        List<ShopperEvent> events = data.events();
        TimeSplit split = TimeSplit.lastDays(events, options.testDays());
        TimeSplit.Parts parts = timed(timings, "split", () -> split.split(events));
        EvaluationProtocol protocol = EvaluationProtocol.defaults().withK(options.k());
        EvaluationHarness harness = timed(timings, "build queries",
                () -> EvaluationHarness.prepare(data.catalog(), parts, protocol));

        Set<ItemId> inStock = new HashSet<>();
        data.catalog().stream().filter(Item::inStock).forEach(i -> inStock.add(i.id()));
        PopularityRanker popularity = timed(timings, "train popularity",
                () -> PopularityRanker.train(parts.train(), inStock::contains, PopularityModel.standard()));
        CooccurrenceModel cooccurrence = timed(timings, "train cooccurrence",
                () -> CooccurrenceModel.train(parts.train(), inStock::contains, popularity,
                        CooccurrenceModel.Config.defaults()));

        List<EvaluationReport> reports = new ArrayList<>();
        List<Long> evaluationMillis = new ArrayList<>();
        for (Ranker ranker : List.<Ranker>of(popularity, cooccurrence)) {
            for (Surface surface : Surface.values()) {
                long start = System.nanoTime();
                reports.add(harness.evaluate(ranker, surface));
                evaluationMillis.add((System.nanoTime() - start) / 1_000_000);
            }
        }

        out.printf(Locale.ROOT, "## Baselines on %s%n%n", data.name());
        out.printf(Locale.ROOT, "- catalog: %,d items, %,d in stock%n", data.catalog().size(), inStock.size());
        out.printf(Locale.ROOT, "- events: %,d; train %,d before %s; test %,d over the last %d days%n",
                events.size(), parts.train().size(), split.cutoff(), parts.test().size(), options.testDays());
        out.printf(Locale.ROOT, "- queries: home %,d, cart %,d, similar %,d%n%n", harness.homeQueries().size(),
                harness.cartQueries().size(), harness.similarQueries().size());
        out.println(table(reports, evaluationMillis, options.k()));
        out.println("| step | time |");
        out.println("|---|---:|");
        timings.forEach((step, millis) -> out.printf(Locale.ROOT, "| %s | %s |%n", step, seconds(millis)));
        return reports;
    }

    static String table(List<EvaluationReport> reports, List<Long> millis, int k) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "| model | surface | queries | Recall@%d | NDCG@%d | MRR@%d | coverage "
                + "| novelty | time |%n", k, k, k));
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < reports.size(); i++) {
            EvaluationReport r = reports.get(i);
            s.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.4f | %.4f | %.4f | %.4f | %.2f | %s |%n",
                    r.model(), r.surface().wireName(), r.queries(), r.recall(), r.ndcg(), r.mrr(), r.coverage(),
                    r.novelty(), seconds(millis.get(i))));
        }
        return s.toString();
    }

    private static Dataset load(Options options) {
        try {
            if (options.format() == Format.RETAILROCKET) {
                return RetailRocketEvents.load(options.file());
            }
            if (options.format() == Format.MOVIELENS) {
                return MovieLensRatings.load(options.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SyntheticStore store = SyntheticStore.generate(new SyntheticStore.Spec(options.events(), options.items(),
                options.users(), options.seed(), options.days(), SyntheticStore.Spec.DEFAULT_START, 0.1));
        return new Dataset(String.format(Locale.ROOT, "synthetic store (seed %d, %,d users)", options.seed(),
                options.users()), store.catalog(), store.events().toList());
    }

    private static <T> T timed(Map<String, Long> timings, String step, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        timings.put(step, (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    /** Where the data comes from. */
    enum Format { SYNTHETIC, RETAILROCKET, MOVIELENS }

    /** The parsed command line. */
    record Options(Format format, Path file, long events, int items, int users, long seed, int days, int testDays,
                   int k) {
        static Options parse(String... args) {
            CommandLineFlags flags = CommandLineFlags.parse(Set.of("events", "items", "users", "seed", "days",
                    "retailrocket", "movielens", "test-days", "k"), args);
            if (flags.has("retailrocket") && flags.has("movielens")) {
                throw new IllegalArgumentException("give --retailrocket or --movielens, not both");
            }
            Format format = flags.has("retailrocket") ? Format.RETAILROCKET
                    : flags.has("movielens") ? Format.MOVIELENS : Format.SYNTHETIC;
            Path file = format == Format.RETAILROCKET ? Path.of(flags.text("retailrocket", null))
                    : format == Format.MOVIELENS ? Path.of(flags.text("movielens", null)) : null;
            long events = flags.number("events", 100_000, 1, Long.MAX_VALUE);
            return new Options(format, file, events,
                    (int) flags.number("items", SyntheticStore.Spec.defaultItems(events), 10, Integer.MAX_VALUE),
                    (int) flags.number("users", SyntheticStore.Spec.defaultUsers(events), 1, Integer.MAX_VALUE),
                    flags.number("seed", 42),
                    (int) flags.number("days", SyntheticStore.Spec.DEFAULT_DAYS, 1, 3650),
                    (int) flags.number("test-days", 7, 1, 3650),
                    (int) flags.number("k", EvaluationProtocol.DEFAULT_K, 1, 1000));
        }
    }
}
