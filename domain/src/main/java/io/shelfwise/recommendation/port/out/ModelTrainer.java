package io.shelfwise.recommendation.port.out;

import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.training.Interactions;
import io.shelfwise.recommendation.training.TrainingOptions;
import io.shelfwise.recommendation.training.TrainingProgress;

/** Learns item and user factors from implicit feedback (DJL in production), keeping the domain free of it. */
public interface ModelTrainer {
    LearnedFactors train(Interactions data, TrainingOptions options, TrainingProgress progress);
}
