package io.shelfwise.archfixture.bad.recommendation.training;

import io.shelfwise.archfixture.bad.recommendation.serving.HomeShelf;

/** Breaks the training room rule: training calls serving directly instead of through the registry. */
public final class NightlyTrainer {
    public int warm(HomeShelf shelf) {
        return shelf.depth();
    }
}
