package io.shelfwise.recommendation.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * What a model was trained on and how it went.
 *
 * @param events   events it learned from (the train side of the split)
 * @param pairs    distinct weighted (shopper, item) pairs
 * @param shoppers distinct shoppers
 * @param items    distinct items with vectors
 * @param factors  vector length
 * @param epochs   passes over the data
 * @param loss     the trainer's objective after the last epoch
 * @param duration time spent in the trainer
 */
public record TrainingSummary(int events, int pairs, int shoppers, int items, int factors, int epochs, double loss,
                              Duration duration) {
    public TrainingSummary {
        Objects.requireNonNull(duration, "duration");
    }
}
