package io.shelfwise.rollout.port.out;

import io.shelfwise.rollout.Rollout;
import java.util.List;
import java.util.Optional;

/** Where rollouts are kept, so that one survives the process that drives it. */
public interface RolloutStore {
    /** Inserts or replaces the rollout with its every tenant step, in one transaction. */
    void save(Rollout rollout);

    Optional<Rollout> find(String id);

    /** Newest first. */
    List<Rollout> list();

    /**
     * Takes or renews the rollout for {@code owner} until {@code until}: true when nobody else holds an unexpired
     * lease on it. Saves never touch the lease.
     */
    boolean claim(String id, String owner, java.time.Instant now, java.time.Instant until);

    /** Gives the lease up, if {@code owner} holds it. */
    void release(String id, String owner);
}
