package io.shelfwise.archfixture.bad.segmentation;

import io.shelfwise.archfixture.bad.recommendation.ranking.ShelfScorer;

/** Breaks the CRM rule: a segment rule that scores with a ranker itself instead of asking a use case. */
public final class AffinityPeek {
    public double affinity(double raw) {
        return new ShelfScorer().score(raw);
    }
}
