package io.shelfwise.archfixture.clean.recommendation.ranking;

/** A ranker: a pure function, below every other room. */
public final class PopularityScorer {
    public double score(long count) {
        return Math.log1p(count);
    }
}
