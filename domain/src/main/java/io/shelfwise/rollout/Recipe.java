package io.shelfwise.rollout;

import io.shelfwise.common.Checks;
import io.shelfwise.recommendation.training.TrainingOptions;

/**
 * A training recipe to ship to the fleet: the learned model's size and training, validated with field problems.
 * The seed is the platform's, so a recipe trains the same on every tenant.
 */
public record Recipe(int factors, int epochs, double learningRate, double regularization) {
    public Recipe {
        Checks checks = Checks.start();
        if (factors < 1 || factors > 256) {
            checks.add("recipe.factors", "must be between 1 and 256, not " + factors);
        }
        if (epochs < 1 || epochs > 100) {
            checks.add("recipe.epochs", "must be between 1 and 100, not " + epochs);
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            checks.add("recipe.learningRate", "must be above 0 and at most 10, not " + learningRate);
        }
        if (!(regularization >= 0 && regularization <= 100)) {
            checks.add("recipe.regularization", "must be between 0 and 100, not " + regularization);
        }
        checks.orThrow();
    }

    public TrainingOptions options(long seed) {
        return new TrainingOptions(factors, epochs, (float) learningRate, (float) regularization, seed);
    }
}
