package io.shelfwise.onboarding;

import java.util.Locale;

/** Where one step of an onboarding stands. */
public enum StepState {
    PENDING, RUNNING, DONE, SKIPPED, FAILED, COMPENSATED;

    /** Done or skipped: the steps after it may start. */
    public boolean isSettled() {
        return this == DONE || this == SKIPPED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
