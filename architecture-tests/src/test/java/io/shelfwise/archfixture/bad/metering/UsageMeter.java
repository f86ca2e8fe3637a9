package io.shelfwise.archfixture.bad.metering;

import org.junit.platform.commons.util.Preconditions;

/** Breaks rule 1 in a context no list names: proves the domain is every package but sdk, adapters and app. */
public final class UsageMeter {
    public long add(long total, long calls) {
        Preconditions.condition(calls >= 0, "calls must not be negative");
        return total + calls;
    }
}
