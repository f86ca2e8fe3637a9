package io.shelfwise.benchmarks;

import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ranking.CooccurrenceModel;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.FactorRanker;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.recommendation.ranking.PopularityRanker;
import io.shelfwise.recommendation.registry.FactorModelCodec;
import java.util.List;

/**
 * Heap held by one tenant's serving models, from a generated store, so we know how many tenants one pooled process
 * holds: the co-occurrence model behind home / similar / cart, and a learned factor model as {@code ServingModels}
 * holds it (decoded from its artifact, with the ranker's derived vectors). Run with a fixed heap, e.g. -Xmx4g.
 */
public final class ModelMemoryBenchmark {
    private ModelMemoryBenchmark() {
    }

    public static void main(String[] args) {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int factors = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        SyntheticStore store = SyntheticStore.generate(SyntheticStore.Spec.sized(events, 42));
        List<ShopperEvent> log = store.events().toList();
        int items = store.catalog().size();
        long shoppers = log.stream().map(ShopperEvent::shopperKey).distinct().count();
        long before = usedAfterGc();
        CooccurrenceModel model = CooccurrenceModel.train(log, id -> true,
                PopularityRanker.train(log, id -> true, PopularityModel.standard()),
                CooccurrenceModel.Config.defaults());
        long after = usedAfterGc();
        // The learned model as serving holds it: decoded from its artifact, with the ranker's unit vectors and
        // item index (shopper vectors are not served; shoppers are folded in from their events per request).
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        float[] vectors = new float[items * factors];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian() * 0.1f;
        }
        byte[] artifact = FactorModelCodec.encode(new FactorModel(new LearnedFactors(factors,
                store.catalog().stream().map(i -> i.id()).toList(), vectors, List.of(), new float[0]), 10, 0.03));
        vectors = null;
        long beforeServed = usedAfterGc();
        FactorModel decoded = FactorModelCodec.decode(artifact);
        FactorRanker served = decoded.ranker("ials-v1", id -> true, new PopularityRanker(List.of(), id -> true));
        long afterServed = usedAfterGc();
        System.out.printf("store: %d events, %d items, %d shoppers%n", log.size(), items, shoppers);
        System.out.printf("co-occurrence model (home/similar/cart): %.1f MiB of heap (%s)%n",
                (after - before) / 1048576.0, model.name());
        System.out.printf("learned model as served (%d factors, %d items, artifact %.1f MiB): %.1f MiB of heap (%s)%n",
                factors, items, artifact.length / 1048576.0, (afterServed - beforeServed) / 1048576.0, served.name());
        System.out.printf("(not served) shopper vectors of the same model: %.1f MiB%n",
                shoppers * (double) factors * 4 / 1048576);
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
