package io.shelfwise.benchmarks;

import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.PopularityModel;
import io.shelfwise.recommendation.evaluation.CooccurrenceModel;
import io.shelfwise.recommendation.evaluation.PopularityRanker;
import java.util.List;

/**
 * Heap held by one tenant's serving model (the co-occurrence model behind home / similar / cart), learned from
 * a generated store, so we know how many tenants one pooled process holds; plus the size a learned factor
 * model of the same store takes (two float matrices). Run with a fixed heap, e.g. -Xmx4g.
 */
public final class ModelMemoryBenchmark {
    private ModelMemoryBenchmark() {
    }

    public static void main(String[] args) {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int factors = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        SyntheticStore store = SyntheticStore.generate(SyntheticStore.Spec.sized(events, 42));
        List<ShopperEvent> log = store.events().toList();
        int items = store.catalog().size();
        long shoppers = log.stream().map(ShopperEvent::shopperKey).distinct().count();
        long before = usedAfterGc();
        CooccurrenceModel model = CooccurrenceModel.train(log, id -> true,
                PopularityRanker.train(log, id -> true, PopularityModel.standard()),
                CooccurrenceModel.Config.defaults());
        long after = usedAfterGc();
        System.out.printf("store: %d events, %d items, %d shoppers%n", log.size(), items, shoppers);
        System.out.printf("co-occurrence model (home/similar/cart): %.1f MiB of heap (%s)%n",
                (after - before) / 1048576.0, model.name());
        System.out.printf("factor model, %d factors, float32: items %.1f MiB + shoppers %.1f MiB%n", factors,
                items * (double) factors * 4 / 1048576, shoppers * (double) factors * 4 / 1048576);
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
