package io.shelfwise.onboarding;

import java.util.Locale;

/** Where a whole onboarding stands; the last three are final until a retry. */
public enum RunState {
    RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
