package io.shelfwise.sdk;

import io.shelfwise.sdk.error.ApiException;
import io.shelfwise.sdk.error.NetworkException;
import io.shelfwise.sdk.error.RateLimitedException;
import io.shelfwise.sdk.error.ShelfwiseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether and when a failed idempotent request is sent again: on 429, 5xx and network
 * failures, with exponential backoff and jitter, never sooner than the server's Retry-After.
 */
record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {

    /** The wait before retry number {@code retriesSoFar + 1}, or empty when the failure is final. */
    Optional<Duration> delayBeforeRetry(int retriesSoFar, ShelfwiseException failure) {
        if (retriesSoFar >= maxRetries) {
            return Optional.empty();
        }
        Duration backoff = backoff(retriesSoFar);
        if (failure instanceof RateLimitedException rateLimited) {
            Duration retryAfter = rateLimited.retryAfter();
            // A wait beyond maxDelay (an exhausted monthly quota) is the caller's decision, not a sleep.
            if (retryAfter.compareTo(maxDelay) > 0) {
                return Optional.empty();
            }
            return Optional.of(retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff);
        }
        if (failure instanceof NetworkException || (failure instanceof ApiException && failure.status() >= 500)) {
            return Optional.of(backoff);
        }
        return Optional.empty();
    }

    private Duration backoff(int retriesSoFar) {
        long capMillis = maxDelay.toMillis();
        long exponential = baseDelay.toMillis() << Math.min(retriesSoFar, 20);
        long ceiling = Math.min(capMillis, exponential);
        // Equal jitter: at least half the backoff, so that retries from many clients spread out but still back off.
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
