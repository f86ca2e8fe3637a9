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
}
