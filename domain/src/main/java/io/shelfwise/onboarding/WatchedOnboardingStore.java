package io.shelfwise.onboarding;

import io.shelfwise.onboarding.port.out.OnboardingStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The onboarding store, telling whoever watches a run about every change written to it through this process: after
 * each write the run is read back and handed to the run's watchers, in the order of the writes.
 */
final class WatchedOnboardingStore implements OnboardingStore {
    private final OnboardingStore store;
    private final UnaryOperator<OnboardingRun> shown;
    private final Map<String, List<Consumer<OnboardingRun>>> watchers = new ConcurrentHashMap<>();

    /** {@code shown} turns a stored run into what a watcher may see (without the key). */
    WatchedOnboardingStore(OnboardingStore store, UnaryOperator<OnboardingRun> shown) {
        this.store = store;
        this.shown = shown;
    }

    /** Hands {@code onChange} the run as it stands now, then after every change, in order. */
    AutoCloseable watch(String runId, Consumer<OnboardingRun> onChange) {
        List<Consumer<OnboardingRun>> those = watchers.compute(runId, (id, list) -> {
            List<Consumer<OnboardingRun>> all = list == null ? new CopyOnWriteArrayList<>() : list;
            all.add(onChange);
            return all;
        });
        synchronized (those) {
            store.find(runId).map(shown).ifPresent(run -> tell(onChange, run));
        }
        return () -> watchers.computeIfPresent(runId, (id, list) -> {
            list.remove(onChange);
            return list.isEmpty() ? null : list;
        });
    }

    private void changed(String runId) {
        List<Consumer<OnboardingRun>> those = watchers.get(runId);
        if (those == null || those.isEmpty()) {
            return;
        }
        synchronized (those) {
            store.find(runId).map(shown).ifPresent(run -> those.forEach(watcher -> tell(watcher, run)));
        }
    }

    /** A watcher that fails (a stream whose client went away) never fails the onboarding that wrote the change. */
    private static void tell(Consumer<OnboardingRun> watcher, OnboardingRun run) {
        try {
            watcher.accept(run);
        } catch (RuntimeException e) {
            System.getLogger(WatchedOnboardingStore.class.getName()).log(System.Logger.Level.DEBUG,
                    "event=onboarding_watcher_failed run=" + run.id(), e);
        }
    }

    @Override
    public boolean insert(OnboardingRun run) {
        return store.insert(run);
    }

    @Override
    public Optional<OnboardingRun> find(String id) {
        return store.find(id);
    }

    @Override
    public List<OnboardingRun> list() {
        return store.list();
    }

    @Override
    public List<OnboardingRun> unfinished() {
        return store.unfinished();
    }

    @Override
    public void saveStep(String runId, StepRecord step, Instant at) {
        store.saveStep(runId, step, at);
        changed(runId);
    }

    @Override
    public void saveState(String runId, RunState state, Instant at) {
        store.saveState(runId, state, at);
        changed(runId);
    }

    @Override
    public void saveSecret(String runId, String secret) {
        store.saveSecret(runId, secret);
    }

    @Override
    public boolean claim(String runId, String owner, Instant now, Instant until) {
        return store.claim(runId, owner, now, until);
    }

    @Override
    public void release(String runId, String owner) {
        store.release(runId, owner);
    }
}
