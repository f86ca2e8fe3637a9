package io.shelfwise.testing;

import io.shelfwise.onboarding.OnboardingRun;
import io.shelfwise.onboarding.RunState;
import io.shelfwise.onboarding.StepRecord;
import io.shelfwise.onboarding.port.out.OnboardingStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Onboardings in memory; survives a "crash" of the service that uses it, like the SQL store survives a process. */
public final class InMemoryOnboardingStore implements OnboardingStore {
    private final Map<String, OnboardingRun> runs = new LinkedHashMap<>();
    private final Map<String, String> owners = new java.util.HashMap<>();
    private final Map<String, Instant> leases = new java.util.HashMap<>();

    @Override
    public synchronized boolean insert(OnboardingRun run) {
        boolean open = runs.values().stream().anyMatch(r -> r.request().tenantId().equals(run.request().tenantId())
                && (r.state() == RunState.RUNNING || r.state() == RunState.CANCELLING || r.state() == RunState.FAILED));
        if (open || runs.containsKey(run.id())) {
            return false;
        }
        runs.put(run.id(), run);
        return true;
    }

    @Override
    public synchronized Optional<OnboardingRun> find(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public synchronized List<OnboardingRun> list() {
        return runs.values().stream().sorted(Comparator.comparing(OnboardingRun::createdAt).reversed()).toList();
    }

    @Override
    public synchronized List<OnboardingRun> unfinished() {
        return runs.values().stream().filter(r -> r.state() == RunState.RUNNING || r.state() == RunState.CANCELLING)
                .toList();
    }

    @Override
    public synchronized void saveStep(String runId, StepRecord step, Instant at) {
        OnboardingRun r = runs.get(runId);
        Map<io.shelfwise.onboarding.OnboardingStep, StepRecord> steps = new EnumMap<>(r.steps());
        steps.put(step.step(), step);
        runs.put(runId, new OnboardingRun(r.id(), r.request(), r.state(), r.createdAt(), at, steps, r.apiKeySecret()));
    }

    @Override
    public synchronized void saveState(String runId, RunState state, Instant at) {
        OnboardingRun r = runs.get(runId);
        runs.put(runId, new OnboardingRun(r.id(), r.request(), state, r.createdAt(), at, r.steps(), r.apiKeySecret()));
    }

    @Override
    public synchronized boolean claim(String runId, String owner, Instant now, Instant until) {
        String holder = owners.get(runId);
        if (holder != null && !holder.equals(owner) && leases.get(runId).isAfter(now)) {
            return false;
        }
        owners.put(runId, owner);
        leases.put(runId, until);
        return true;
    }

    @Override
    public synchronized void release(String runId, String owner) {
        if (owner.equals(owners.get(runId))) {
            owners.remove(runId);
            leases.remove(runId);
        }
    }

    @Override
    public synchronized void saveSecret(String runId, String secret) {
        OnboardingRun r = runs.get(runId);
        runs.put(runId, new OnboardingRun(r.id(), r.request(), r.state(), r.createdAt(), r.updatedAt(), r.steps(),
                secret));
    }
}
