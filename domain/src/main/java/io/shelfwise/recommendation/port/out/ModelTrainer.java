package io.shelfwise.recommendation.port.out;

import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.training.EaseGram;
import io.shelfwise.recommendation.training.Interactions;
import io.shelfwise.recommendation.training.TrainingOptions;
import io.shelfwise.recommendation.training.TrainingProgress;
import java.util.Optional;

/** Learns item and user factors from implicit feedback (DJL in production), keeping the domain free of it. */
public interface ModelTrainer {
    LearnedFactors train(Interactions data, TrainingOptions options, TrainingProgress progress);

    /**
     * EASE's item-to-item weights in closed form from the Gram matrix {@code XᵀX} ({@code B = I - P · diag(1 /
     * diag(P))}, {@code P = (XᵀX + λI)⁻¹}), row by row over {@code gram}'s items, the diagonal zero; empty when this
     * trainer does not compute them, and then the gate does not try EASE.
     */
    default Optional<float[]> easeWeights(EaseGram gram, float lambda) {
        return Optional.empty();
    }
}
