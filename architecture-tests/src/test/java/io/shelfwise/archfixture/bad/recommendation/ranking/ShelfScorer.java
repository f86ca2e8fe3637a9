package io.shelfwise.archfixture.bad.recommendation.ranking;

import io.shelfwise.archfixture.bad.recommendation.evaluation.HoldoutMetrics;

/** Breaks the ranking room rule: a ranker that reaches up into evaluation. */
public final class ShelfScorer {
    public double score(double raw) {
        return raw * HoldoutMetrics.cutoff();
    }
}
