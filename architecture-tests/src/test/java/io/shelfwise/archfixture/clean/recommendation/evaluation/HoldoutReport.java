package io.shelfwise.archfixture.clean.recommendation.evaluation;

import io.shelfwise.archfixture.clean.recommendation.ranking.PopularityScorer;

/** Scores a ranker on held-out data. */
public record HoldoutReport(double recall) {
    public static HoldoutReport of(PopularityScorer scorer) {
        return new HoldoutReport(scorer.score(1));
    }
}
