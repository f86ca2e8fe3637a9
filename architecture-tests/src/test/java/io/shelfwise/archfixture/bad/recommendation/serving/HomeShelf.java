package io.shelfwise.archfixture.bad.recommendation.serving;

import io.shelfwise.archfixture.bad.recommendation.evaluation.HoldoutMetrics;

/** Breaks the serving room rule: the hot path imports offline evaluation. */
public final class HomeShelf {
    public int depth() {
        return HoldoutMetrics.cutoff() * 2;
    }
}
