package io.shelfwise.onboarding.port.out;

import io.shelfwise.onboarding.OnboardingRun;
import io.shelfwise.onboarding.RunState;
import io.shelfwise.onboarding.StepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Onboardings and their steps, durable across restarts. */
public interface OnboardingStore {
    /** Stores a new run; false when its id exists or an unfinished run for the same tenant exists. */
    boolean insert(OnboardingRun run);

    Optional<OnboardingRun> find(String id);

    /** Every run, newest first. */
    List<OnboardingRun> list();

    /** Runs that were running or cancelling when the process stopped. */
    List<OnboardingRun> unfinished();

    void saveStep(String runId, StepRecord step, Instant at);

    void saveState(String runId, RunState state, Instant at);

    /** Keeps the API key secret until the finished run is read once (null forgets it). */
    void saveSecret(String runId, String secret);

    /**
     * Takes or renews the run for {@code owner} until {@code until}: true when nobody else holds an unexpired lease
     * on it (then {@code owner} does), false when another process drives it.
     */
    boolean claim(String runId, String owner, Instant now, Instant until);

    /** Gives the run up, if {@code owner} holds it. */
    void release(String runId, String owner);
}
