package io.shelfwise.recommendation.training;

import java.time.Duration;

/** Receives a trainer's progress after each epoch (for logs, the API and the ETA). */
@FunctionalInterface
public interface TrainingProgress {
    void epochDone(int epoch, int epochs, double loss, Duration elapsed);
}
