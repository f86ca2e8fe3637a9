package io.shelfwise.recommendation.serving;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ShopperScore;
import io.shelfwise.recommendation.ShopperTouch;
import io.shelfwise.recommendation.port.in.ScoreShoppers;
import io.shelfwise.recommendation.ranking.FactorRanker;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.PriorityQueue;

/**
 * Shopper-to-items affinity from the tenant's served factor model: the shopper folded in from their history (as
 * home folds them in: served models keep no shopper vectors), then the best dot product of that vector with the
 * items' vectors. The item index of each served model version is held in a size-bounded tenant cache, so an idle
 * tenant's index (and the model it points to) is not kept for ever.
 */
public final class ShopperAffinities implements ScoreShoppers {
    /** A shopper's events read for the fold-in, as many as serving reads for home. */
    static final int HISTORY = 50;

    private final ServingModels models;
    private final TenantCaches.TenantCache<Indexed> indexes;

    /** Indexes are held within {@code budgetBytes} (estimated) in {@code caches}; one idle for {@code idle} goes. */
    public ShopperAffinities(ServingModels models, TenantCaches caches, long budgetBytes, Duration idle) {
        this.models = models;
        this.indexes = caches.create("affinities", budgetBytes, idle, Indexed::bytes);
    }

    @Override
    public OptionalDouble affinity(TenantId tenant, List<ShopperTouch> history, List<ItemId> items) {
        var served = models.current(tenant);
        Indexed index = index(tenant, served);
        if (index == null) {
            return OptionalDouble.empty();
        }
        int[] rows = index.rows(items);
        return rows.length == 0 ? OptionalDouble.empty() : score(served.get().ranker(), index, history, rows);
    }

    @Override
    public List<ShopperScore> topShoppers(TenantId tenant, Map<String, List<ShopperTouch>> histories,
                                          List<ItemId> items, int limit) {
        var served = models.current(tenant);
        Indexed index = index(tenant, served);
        if (index == null || limit < 1) {
            return List.of();
        }
        int[] rows = index.rows(items);
        if (rows.length == 0) {
            return List.of();
        }
        PriorityQueue<ShopperScore> best = new PriorityQueue<>(Comparator.comparingDouble(ShopperScore::score)
                .thenComparing(ShopperScore::userId, Comparator.reverseOrder()));
        for (Map.Entry<String, List<ShopperTouch>> shopper : histories.entrySet()) {
            OptionalDouble score = score(served.get().ranker(), index, shopper.getValue(), rows);
            if (score.isEmpty()) {
                continue;
            }
            best.add(new ShopperScore(shopper.getKey(), score.getAsDouble()));
            if (best.size() > limit) {
                best.poll();
            }
        }
        List<ShopperScore> ranked = new ArrayList<>(best);
        ranked.sort(Comparator.comparingDouble(ShopperScore::score).reversed().thenComparing(ShopperScore::userId));
        return ranked;
    }

    /** The best score over {@code rows} of the shopper folded in from the latest {@link #HISTORY} events. */
    private static OptionalDouble score(FactorRanker ranker, Indexed index, List<ShopperTouch> history, int[] rows) {
        List<Interaction> latest = new ArrayList<>(Math.min(history.size(), HISTORY));
        for (ShopperTouch touch : history.subList(Math.max(0, history.size() - HISTORY), history.size())) {
            latest.add(new Interaction(touch.item(), touch.type(), touch.at()));
        }
        float[] shopper = ranker.foldIn(latest);
        return shopper == null ? OptionalDouble.empty() : OptionalDouble.of(index.best(shopper, rows));
    }

    private Indexed index(TenantId tenant, java.util.Optional<ServingModels.Served> served) {
        if (served.isEmpty()) {
            indexes.invalidate(tenant);
            return null;
        }
        LearnedFactors factors = served.get().model().factors();
        Indexed index = indexes.get(tenant, t -> new Indexed(factors));
        if (index.factors != factors) {
            index = new Indexed(factors);
            indexes.put(tenant, index);
        }
        return index;
    }

    private static final class Indexed {
        final LearnedFactors factors;
        final Map<String, Integer> items = new HashMap<>();

        Indexed(LearnedFactors factors) {
            this.factors = factors;
            for (int i = 0; i < factors.items().size(); i++) {
                items.put(factors.items().get(i).value(), i);
            }
        }

        /** The item index, ~100 bytes an entry; the factors are the served model's, weighed there. */
        long bytes() {
            return 100L * items.size() + 64;
        }

        int[] rows(List<ItemId> wanted) {
            return wanted.stream().map(i -> items.get(i.value())).filter(java.util.Objects::nonNull)
                    .mapToInt(Integer::intValue).toArray();
        }

        double best(float[] shopper, int[] rows) {
            int dim = factors.dim();
            float[] v = factors.itemVectors();
            double best = Double.NEGATIVE_INFINITY;
            for (int row : rows) {
                double dot = 0;
                for (int d = 0; d < dim; d++) {
                    dot += shopper[d] * v[row * dim + d];
                }
                best = Math.max(best, dot);
            }
            return best;
        }
    }
}
