package io.shelfwise.archfixture.clean.recommendation.serving;

import io.shelfwise.archfixture.clean.recommendation.ranking.PopularityScorer;
import io.shelfwise.archfixture.clean.recommendation.registry.ModelVersions;

/** The hot path: the active model from the registry, scored by a ranker. */
public final class HomeShelf {
    private final ModelVersions versions;

    public HomeShelf(ModelVersions versions) {
        this.versions = versions;
    }

    public double top(long count) {
        PopularityScorer scorer = versions.active();
        return scorer.score(count);
    }
}
