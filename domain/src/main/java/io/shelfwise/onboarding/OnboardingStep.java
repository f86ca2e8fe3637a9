package io.shelfwise.onboarding;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The steps of an onboarding and what each needs done first: the workflow runs a step only after those. */
public enum OnboardingStep {
    REGISTER,
    IDENTITY,
    DATA_STORES,
    PLACEMENT,
    API_KEY,
    IMPORT_CATALOG,
    IMPORT_EVENTS,
    TRAIN,
    GATE,
    DEPLOY,
    ACTIVATE,
    SMOKE_TEST;

    /** The steps that must be done (or skipped) before this one starts. */
    public Set<OnboardingStep> dependsOn() {
        return switch (this) {
            case REGISTER -> EnumSet.noneOf(OnboardingStep.class);
            case IDENTITY, DATA_STORES, API_KEY -> EnumSet.of(REGISTER);
            case PLACEMENT -> EnumSet.of(IDENTITY, DATA_STORES);
            case IMPORT_CATALOG -> EnumSet.of(DATA_STORES, PLACEMENT, API_KEY);
            case IMPORT_EVENTS -> EnumSet.of(IMPORT_CATALOG);
            case TRAIN -> EnumSet.of(IMPORT_EVENTS);
            case GATE -> EnumSet.of(TRAIN);
            case DEPLOY -> EnumSet.of(GATE);
            // A tenant is served only once active, and the smoke test asks through its real endpoint.
            case ACTIVATE -> EnumSet.of(DEPLOY, API_KEY);
            case SMOKE_TEST -> EnumSet.of(ACTIVATE);
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
