package io.shelfwise.recommendation.port.out;

import io.shelfwise.recommendation.Interactions;
import io.shelfwise.recommendation.LearnedFactors;
import io.shelfwise.recommendation.TrainingOptions;
import io.shelfwise.recommendation.TrainingProgress;

/** Learns item and user factors from implicit feedback (DJL in production), keeping the domain free of it. */
public interface ModelTrainer {
    LearnedFactors train(Interactions data, TrainingOptions options, TrainingProgress progress);
}
