package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A learned factor model as served: its item vectors and the confidence scale and penalty it was trained with,
 * which folding a shopper in must reuse.
 */
public record FactorModel(LearnedFactors factors, double confidenceScale, double regularization) {
    public FactorModel {
        Objects.requireNonNull(factors, "factors");
        if (!(confidenceScale > 0) || Double.isInfinite(confidenceScale) || !(regularization >= 0)
                || Double.isInfinite(regularization)) {
            throw new IllegalArgumentException("confidence scale must be positive, regularization >= 0, both finite");
        }
    }

    /** Ranks with these vectors: shoppers folded in from their history (cart too), popularity where they are silent. */
    public FactorRanker ranker(String name, Predicate<ItemId> inStock, PopularityRanker fallback) {
        return new FactorRanker(name, factors, inStock, fallback, new FactorRanker.Config(EventWeights.standard(),
                confidenceScale, regularization, 0, 1.0, FactorRanker.CartScoring.FOLD_IN));
    }
}
