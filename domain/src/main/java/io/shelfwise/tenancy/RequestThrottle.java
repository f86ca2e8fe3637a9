package io.shelfwise.tenancy;

import io.shelfwise.common.LimitExceededException;
import io.shelfwise.common.LimitExceededException.Kind;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-tenant token buckets sized by the tenant's {@link TierPolicy}, so one tenant's flood spends only its own
 * budget. Buckets live in process: with several replicas each enforces its share (the ingress spreads load).
 */
public final class RequestThrottle {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<TenantId, Bucket> buckets = new ConcurrentHashMap<>();

    public RequestThrottle(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Takes one request from the tenant's budget, or throws with the time until one is available. */
    public void acquire(TenantId tenant, TierPolicy policy) {
        Bucket bucket = buckets.compute(tenant, (id, b) ->
                b == null || b.rate != policy.requestsPerSecond() || b.capacity != policy.burst()
                        ? new Bucket(policy.requestsPerSecond(), policy.burst(), nanoClock.getAsLong())
                        : b);
        long waitNanos = bucket.take(nanoClock.getAsLong());
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
            throw new LimitExceededException(Kind.RATE, null,
                    "tenant '" + tenant + "' exceeded " + policy.requestsPerSecond() + " requests per second",
                    Duration.ofSeconds(seconds));
        }
    }

    private static final class Bucket {
        final int rate;
        final int capacity;
        private double tokens;
        private long lastRefill;

        Bucket(int rate, int capacity, long now) {
            this.rate = rate;
            this.capacity = capacity;
            this.tokens = capacity;
            this.lastRefill = now;
        }

        /** Takes a token; returns 0 on success or the nanoseconds until a token will be there. */
        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - lastRefill) * (double) rate / NANOS_PER_SECOND);
            lastRefill = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / rate);
        }
    }
}
