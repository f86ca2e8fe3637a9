package io.shelfwise.rollout.port.out;

import io.shelfwise.rollout.Rollout;
import java.util.List;
import java.util.Optional;

/** Where rollouts are kept, so that one survives the process that drives it. */
public interface RolloutStore {
    /** Inserts or replaces the rollout with its every tenant step, in one transaction. */
    void save(Rollout rollout);

    /**
     * Writes one tenant's step of a saved rollout (found by its tenant) and the rollout's message and time, in one
     * transaction; the other steps and the rollout's state (the operator's to change) are not touched.
     */
    void saveStep(Rollout rollout, io.shelfwise.rollout.TenantStep step);

    Optional<Rollout> find(String id);

    /**
     * Sets the rollout's state, message and time if its state is still {@code expected}, without touching its
     * steps; false when it was not.
     */
    boolean changeState(String id, Rollout.State expected, Rollout.State next, String message,
                        java.time.Instant at);

    /** The rollout's state alone, without its steps; empty when there is no such rollout. */
    Optional<Rollout.State> state(String id);

    /** Newest first. */
    List<Rollout> list();

    /** The ids of the rollouts in state {@code RUNNING}, without reading their steps. */
    List<String> running();

    /**
     * Takes or renews the rollout for {@code owner} until {@code until}: true when nobody else holds an unexpired
     * lease on it. Saves never touch the lease.
     */
    boolean claim(String id, String owner, java.time.Instant now, java.time.Instant until);

    /** Gives the lease up, if {@code owner} holds it. */
    void release(String id, String owner);
}
