package io.shelfwise.archfixture.clean.recommendation.registry;

import io.shelfwise.archfixture.clean.recommendation.evaluation.HoldoutReport;
import io.shelfwise.archfixture.clean.recommendation.ranking.PopularityScorer;

/** Stores what training produced, with its evaluation report; serving loads from it. */
public final class ModelVersions {
    public PopularityScorer active() {
        return new PopularityScorer();
    }

    public HoldoutReport reportOf(int version) {
        return new HoldoutReport(version);
    }
}
