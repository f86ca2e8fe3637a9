package io.shelfwise.testing;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A monotonic nanosecond source that a test advances by hand, standing in for {@code System::nanoTime}. */
public final class ManualNanoClock implements LongSupplier {
    // Not zero, like System.nanoTime: code must only ever use differences.
    private long nanos = 987_654_321_000L;

    public void advance(Duration by) {
        nanos += by.toNanos();
    }

    @Override
    public long getAsLong() {
        return nanos;
    }
}
