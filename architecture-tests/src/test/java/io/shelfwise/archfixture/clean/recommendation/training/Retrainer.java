package io.shelfwise.archfixture.clean.recommendation.training;

import io.shelfwise.archfixture.clean.recommendation.evaluation.HoldoutReport;
import io.shelfwise.archfixture.clean.recommendation.ranking.PopularityScorer;
import io.shelfwise.archfixture.clean.recommendation.registry.ModelVersions;

/** Trains, evaluates and stores: uses ranking, evaluation and the registry. */
public final class Retrainer {
    public HoldoutReport retrain(ModelVersions versions) {
        return HoldoutReport.of(versions.active() == null ? new PopularityScorer() : versions.active());
    }
}
