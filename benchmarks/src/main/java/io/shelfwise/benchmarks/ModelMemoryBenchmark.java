package io.shelfwise.benchmarks;

import io.shelfwise.adapters.memory.MappedModelMemory;
import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ranking.CategoryTasteModel;
import io.shelfwise.recommendation.ranking.CooccurrenceModel;
import io.shelfwise.recommendation.ranking.EventWeights;
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
        // Items as the generator sizes them for that many events, or as given (a density tenant: 50000 32 5000).
        int itemCount = args.length > 2 ? Integer.parseInt(args[2]) : SyntheticStore.Spec.defaultItems(events);
        SyntheticStore store = SyntheticStore.generate(SyntheticStore.Spec.of(events, itemCount,
                SyntheticStore.Spec.defaultUsers(events), 42));
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
        pooled(store, log, decoded);
    }

    /**
     * What a pooled process holds per tenant with {@code SHELFWISE_MODEL_MEMORY=mapped}, measured over ten copies
     * beside the estimates its caches weigh them by: the shoppers' taste (home recipes), the co-occurrence model
     * and the served factor ranker with their arrays in mapped files, all holding the catalog's item ids.
     */
    private static void pooled(SyntheticStore store, List<ShopperEvent> log, FactorModel decoded) {
        int copies = 10;
        MappedModelMemory mapped;
        try {
            mapped = MappedModelMemory.in(java.nio.file.Files.createTempDirectory("shelfwise-model-arrays"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<io.shelfwise.catalog.ItemId> ids = store.catalog().stream().map(i -> i.id()).toList();
        java.util.Map<io.shelfwise.catalog.ItemId, io.shelfwise.catalog.ItemId> catalogIds = new java.util.HashMap<>();
        ids.forEach(id -> catalogIds.put(id, id));
        java.util.function.UnaryOperator<io.shelfwise.catalog.ItemId> same = id -> catalogIds.getOrDefault(id, id);
        List<Object> held = new java.util.ArrayList<>();
        long start = usedAfterGc();
        long tasteEstimate = 0;
        for (int c = 0; c < copies; c++) {
            CategoryTasteModel taste = CategoryTasteModel.train("taste", log, store.catalog(), id -> true,
                    PopularityModel.standard(), EventWeights.standard(), CategoryTasteModel.Config.defaults());
            tasteEstimate += taste.bytes();
            held.add(taste);
        }
        long afterTaste = usedAfterGc();
        long cooccurrenceEstimate = 0;
        for (int c = 0; c < copies; c++) {
            CooccurrenceModel model = CooccurrenceModel.train(log, id -> true,
                    PopularityRanker.train(log, id -> true, PopularityModel.standard()).withIds(same),
                    CooccurrenceModel.Config.defaults(), same).movedTo(mapped);
            cooccurrenceEstimate += model.bytes();
            held.add(model);
        }
        long afterCooccurrence = usedAfterGc();
        long rankerEstimate = 0;
        LearnedFactors f = decoded.factors();
        for (int c = 0; c < copies; c++) {
            FactorRanker ranker = new FactorModel(new LearnedFactors(f.dim(), f.items().stream().map(same).toList(),
                    f.itemVectors(), List.of(), new float[0]), decoded.confidenceScale(), decoded.regularization())
                    .ranker("ials-v1", id -> true, new PopularityRanker(List.of(), id -> true)).movedTo(mapped);
            rankerEstimate += ranker.bytes();
            held.add(ranker);
        }
        long afterRanker = usedAfterGc();
        System.out.printf("per tenant, pooled (mean of %d, the catalog's ids shared): heap / estimate its cache "
                + "weighs%n", copies);
        System.out.printf("  category taste: %.3f / %.3f MiB%n", (afterTaste - start) / 1048576.0 / copies,
                tasteEstimate / 1048576.0 / copies);
        System.out.printf("  co-occurrence, arrays mapped: %.3f / %.3f MiB%n",
                (afterCooccurrence - afterTaste) / 1048576.0 / copies, cooccurrenceEstimate / 1048576.0 / copies);
        System.out.printf("  factor ranker, panels mapped: %.3f / %.3f MiB%n",
                (afterRanker - afterCooccurrence) / 1048576.0 / copies, rankerEstimate / 1048576.0 / copies);
        System.out.printf("  mapped outside the heap: %.3f MiB (%d arrays)%n",
                mapped.mappedBytes() / 1048576.0 / copies, mapped.mappedArrays() / copies);
        if (held.size() != 3 * copies) {
            throw new AssertionError("held " + held.size());
        }
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
