package io.shelfwise.onboarding;

import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.util.List;

/** What offboarding did, step by step, in the order it did it. */
public record OffboardingReport(TenantId tenant, List<Step> steps) {
    public OffboardingReport {
        steps = List.copyOf(steps);
    }

    /** One step: its name, how long it took, and what it did in words. */
    public record Step(String name, Duration took, String output) {
    }
}
