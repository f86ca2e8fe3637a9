package io.shelfwise.testing;

import io.shelfwise.rollout.Rollout;
import io.shelfwise.rollout.TenantStep;
import io.shelfwise.rollout.port.out.RolloutStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Rollouts in a map, with the leases a SQL store keeps; {@link #stepSaves} counts single-step writes. */
public final class InMemoryRolloutStore implements RolloutStore {
    private final Map<String, Rollout> saved = new LinkedHashMap<>();
    /** Rollout id → {owner, lease end}. */
    public final Map<String, String[]> leases = new HashMap<>();
    public final AtomicInteger stepSaves = new AtomicInteger();
    /** Reads of a whole rollout with its every step. */
    public final AtomicInteger wholeReads = new AtomicInteger();

    @Override
    public synchronized void save(Rollout rollout) {
        saved.put(rollout.id(), rollout);
    }

    @Override
    public synchronized void saveStep(Rollout rollout, TenantStep step) {
        Rollout before = saved.get(rollout.id());
        List<TenantStep> steps = new ArrayList<>(before.tenants());
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).tenant().equals(step.tenant())) {
                steps.set(i, step);
            }
        }
        stepSaves.incrementAndGet();
        saved.put(rollout.id(), new Rollout(before.id(), before.recipe(), before.image(), before.maxRejectedShare(),
                before.state(), before.createdAt(), rollout.updatedAt(), steps, rollout.message()));
    }

    @Override
    public synchronized boolean changeState(String id, Rollout.State expected, Rollout.State next, String message,
                                            Instant at) {
        Rollout r = saved.get(id);
        if (r == null || r.state() != expected) {
            return false;
        }
        saved.put(id, new Rollout(r.id(), r.recipe(), r.image(), r.maxRejectedShare(), next, r.createdAt(), at,
                r.tenants(), message));
        return true;
    }

    @Override
    public synchronized Optional<Rollout.State> state(String id) {
        return Optional.ofNullable(saved.get(id)).map(Rollout::state);
    }

    @Override
    public synchronized Optional<Rollout> find(String id) {
        wholeReads.incrementAndGet();
        return Optional.ofNullable(saved.get(id));
    }

    @Override
    public synchronized List<Rollout> list() {
        return List.copyOf(saved.values()).reversed();
    }

    @Override
    public synchronized List<String> running() {
        return saved.values().stream().filter(r -> r.state() == Rollout.State.RUNNING).map(Rollout::id).toList();
    }

    @Override
    public synchronized boolean claim(String id, String owner, Instant now, Instant until) {
        String[] held = leases.get(id);
        if (held != null && !held[0].equals(owner) && Instant.parse(held[1]).isAfter(now)) {
            return false;
        }
        leases.put(id, new String[]{owner, until.toString()});
        return true;
    }

    @Override
    public synchronized void release(String id, String owner) {
        leases.computeIfPresent(id, (k, held) -> held[0].equals(owner) ? null : held);
    }
}
