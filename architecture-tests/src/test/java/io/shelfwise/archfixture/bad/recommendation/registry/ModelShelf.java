package io.shelfwise.archfixture.bad.recommendation.registry;

import io.shelfwise.archfixture.bad.recommendation.training.NightlyTrainer;

/** Breaks the registry room rule: storage that starts training. */
public final class ModelShelf {
    public int size() {
        return 1;
    }

    public NightlyTrainer trainer() {
        return new NightlyTrainer();
    }
}
