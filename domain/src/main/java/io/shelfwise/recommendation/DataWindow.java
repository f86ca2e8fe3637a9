package io.shelfwise.recommendation;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a tenant's learning windows end: at its newest event, so that an imported history of any age is learned
 * from at once, and never later than now (a clock-skewed event cannot push the window into the future).
 */
public final class DataWindow {
    private DataWindow() {
    }

    /** The end of the windows: the newest event's time, or {@code now} when there is none or it lies ahead. */
    public static Instant end(Optional<Instant> newestEvent, Instant now) {
        return newestEvent.filter(newest -> newest.isBefore(now)).orElse(now);
    }
}
