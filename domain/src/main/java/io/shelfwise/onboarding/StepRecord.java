package io.shelfwise.onboarding;

import java.time.Instant;
import java.util.Objects;

/**
 * One step's persisted state.
 *
 * @param attempts how many times it was started (a crash mid-step shows as a second attempt)
 * @param output   what it produced, in words (a key id, rows imported, the gate's decision)
 * @param error    why it failed and what the operator can do
 * @param done     units of work done so far (rows imported), for progress
 * @param total    units of work in all, 0 when unknown
 */
public record StepRecord(OnboardingStep step, StepState state, int attempts, Instant startedAt, Instant finishedAt,
                         String output, String error, long done, long total) {
    public StepRecord {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(state, "state");
    }

    public static StepRecord pending(OnboardingStep step) {
        return new StepRecord(step, StepState.PENDING, 0, null, null, null, null, 0, 0);
    }

    public StepRecord started(Instant at) {
        return new StepRecord(step, StepState.RUNNING, attempts + 1, at, null, null, null, 0, 0);
    }

    public StepRecord progressed(long nowDone, long nowTotal) {
        return new StepRecord(step, state, attempts, startedAt, finishedAt, output, error, nowDone, nowTotal);
    }

    public StepRecord finished(StepState end, Instant at, String newOutput, String newError) {
        return new StepRecord(step, end, attempts, startedAt, at, newOutput, newError, done, total);
    }

    public StepRecord reset() {
        return new StepRecord(step, StepState.PENDING, attempts, null, null, null, null, 0, 0);
    }
}
