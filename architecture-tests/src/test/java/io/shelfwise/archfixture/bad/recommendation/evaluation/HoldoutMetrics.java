package io.shelfwise.archfixture.bad.recommendation.evaluation;

import io.shelfwise.archfixture.bad.recommendation.registry.ModelShelf;

/** Breaks the evaluation room rule: the harness reads the model registry. */
public final class HoldoutMetrics {
    public static int cutoff() {
        return 20;
    }

    public int versions(ModelShelf shelf) {
        return shelf.size();
    }
}
