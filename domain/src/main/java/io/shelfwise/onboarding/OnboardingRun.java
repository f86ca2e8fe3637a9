package io.shelfwise.onboarding;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One onboarding as stored: the request, where it stands, and every step's record.
 *
 * @param apiKeySecret the tenant's first API key, kept only until the finished onboarding was read once
 */
public record OnboardingRun(String id, OnboardingRequest request, RunState state, Instant createdAt,
                            Instant updatedAt, Map<OnboardingStep, StepRecord> steps, String apiKeySecret) {
    public OnboardingRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(state, "state");
        EnumMap<OnboardingStep, StepRecord> all = new EnumMap<>(OnboardingStep.class);
        for (OnboardingStep step : OnboardingStep.values()) {
            all.put(step, steps.getOrDefault(step, StepRecord.pending(step)));
        }
        steps = java.util.Collections.unmodifiableMap(all);
    }

    public static OnboardingRun start(String id, OnboardingRequest request, Instant at) {
        return new OnboardingRun(id, request, RunState.RUNNING, at, at, Map.of(), null);
    }

    public StepRecord step(OnboardingStep step) {
        return steps.get(step);
    }

    /** Pending steps whose dependencies are all settled, in declaration order. */
    public List<OnboardingStep> ready() {
        return steps.values().stream()
                .filter(r -> r.state() == StepState.PENDING || r.state() == StepState.RUNNING)
                .map(StepRecord::step)
                .filter(s -> s.dependsOn().stream().allMatch(d -> steps.get(d).state().isSettled()))
                .toList();
    }

    public boolean allSettled() {
        return steps.values().stream().allMatch(r -> r.state().isSettled());
    }
}
