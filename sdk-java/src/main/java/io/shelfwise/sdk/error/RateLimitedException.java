package io.shelfwise.sdk.error;

import java.time.Duration;
import java.util.Objects;

/** The tenant's request rate or monthly event quota is exceeded (HTTP 429). */
public final class RateLimitedException extends ShelfwiseException {

    private final Duration retryAfter;

    public RateLimitedException(Problem problem, Duration retryAfter) {
        super(problem.describe() + " (retry after " + retryAfter.toSeconds() + "s)", problem, null);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long the server asked to wait before retrying; zero when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
