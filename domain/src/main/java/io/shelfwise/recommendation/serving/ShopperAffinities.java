package io.shelfwise.recommendation.serving;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ShopperScore;
import io.shelfwise.recommendation.ShopperTouch;
import io.shelfwise.recommendation.port.in.ScoreShoppers;
import io.shelfwise.recommendation.ranking.FactorRanker;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.tenancy.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.PriorityQueue;

/**
 * Shopper-to-items affinity from the tenant's served factor model: the shopper folded in from their history (as
 * home folds them in), then the best dot product of that vector with the items' vectors. Items are found through
 * the served ranker's own index, so nothing beside the served model is held per tenant.
 */
public final class ShopperAffinities implements ScoreShoppers {
    /** A shopper's events read for the fold-in, as many as serving reads for home. */
    static final int HISTORY = 50;

    private final ServingModels models;

    public ShopperAffinities(ServingModels models) {
        this.models = models;
    }

    @Override
    public OptionalDouble affinity(TenantId tenant, List<ShopperTouch> history, List<ItemId> items) {
        FactorRanker ranker = ranker(tenant);
        if (ranker == null) {
            return OptionalDouble.empty();
        }
        int[] rows = ranker.positions(items);
        return rows.length == 0 ? OptionalDouble.empty() : score(ranker, history, rows);
    }

    @Override
    public List<ShopperScore> topShoppers(TenantId tenant, Map<String, List<ShopperTouch>> histories,
                                          List<ItemId> items, int limit) {
        FactorRanker ranker = ranker(tenant);
        if (ranker == null || limit < 1) {
            return List.of();
        }
        int[] rows = ranker.positions(items);
        if (rows.length == 0) {
            return List.of();
        }
        PriorityQueue<ShopperScore> best = new PriorityQueue<>(Comparator.comparingDouble(ShopperScore::score)
                .thenComparing(ShopperScore::userId, Comparator.reverseOrder()));
        for (Map.Entry<String, List<ShopperTouch>> shopper : histories.entrySet()) {
            OptionalDouble score = score(ranker, shopper.getValue(), rows);
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

    private FactorRanker ranker(TenantId tenant) {
        return models.current(tenant).map(ServingModels.Served::ranker).orElse(null);
    }

    /** The best score over {@code rows} of the shopper folded in from the latest {@link #HISTORY} events. */
    private static OptionalDouble score(FactorRanker ranker, List<ShopperTouch> history, int[] rows) {
        List<Interaction> latest = new ArrayList<>(Math.min(history.size(), HISTORY));
        for (ShopperTouch touch : history.subList(Math.max(0, history.size() - HISTORY), history.size())) {
            latest.add(new Interaction(touch.item(), touch.type(), touch.at()));
        }
        float[] shopper = ranker.foldIn(latest);
        if (shopper == null) {
            return OptionalDouble.empty();
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int row : rows) {
            best = Math.max(best, ranker.dot(shopper, row));
        }
        return OptionalDouble.of(best);
    }
}
