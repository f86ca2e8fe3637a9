package io.shelfwise.recommendation.training;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A training run as its caller sees it, a snapshot taken when asked.
 *
 * @param epoch       epochs done so far
 * @param epochs      epochs planned
 * @param losses      the trainer's objective after each epoch done
 * @param elapsed     time since the run started (or its total, once it ended)
 * @param eta         estimated time until the trainer finishes, from the mean epoch time; null before the first
 *                    epoch and after training
 * @param version     the model version it produced, once stored
 * @param message     why it ended as it did (the gate's reason, or the failure)
 */
public record TrainingRun(String id, State state, Instant requestedAt, Instant startedAt, Instant finishedAt,
                          int epoch, int epochs, List<Double> losses, Duration elapsed, Duration eta,
                          Integer version, String message) {
    public TrainingRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        losses = List.copyOf(losses);
    }

    /** Where a run stands; the last three are final. */
    public enum State {
        QUEUED, LOADING, TRAINING, TUNING, EVALUATING, REFITTING, PROMOTED, REJECTED, FAILED;

        public boolean isFinal() {
            return this == PROMOTED || this == REJECTED || this == FAILED;
        }
    }
}
