package io.shelfwise.app.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A cheap guard in front of authentication: each client address may fail authentication {@code burst} times, then
 * {@code perSecond} times a second; past that its requests are answered 429 before any key is hashed or looked up,
 * so guessing keys cannot take the cores from paying tenants. Only failures count: a busy store behind one address
 * with a valid key is never slowed by this.
 */
public final class ClientGuard implements Filter {
    /** Addresses remembered at most; beyond it the table starts afresh (an attacker with that many is not slowed). */
    private static final int MAX_ADDRESSES = 100_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double burst;
    private final double perSecond;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    public ClientGuard(int burst, double perSecond, LongSupplier nanoTime) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        InetAddress client = address(request.remotePeer().address());
        Bucket bucket = client == null ? null : buckets.get(client);
        if (bucket != null) {
            long waitNanos = bucket.waitNanos(nanoTime.getAsLong());
            if (waitNanos > 0) {
                long seconds = Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
                response.status(Status.TOO_MANY_REQUESTS_429)
                        .header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .header(HeaderNames.RETRY_AFTER, Long.toString(seconds))
                        .send(ServerProblems.json(Problem.of("rate-limited", "Too many requests", 429,
                                "too many failed authentications from this address; retry after " + seconds + " s")));
                return;
            }
        }
        chain.proceed();
        if (client != null && response.status().code() == 401) {
            if (buckets.size() >= MAX_ADDRESSES) {
                buckets.clear();
            }
            buckets.computeIfAbsent(client, c -> new Bucket(burst, nanoTime.getAsLong()))
                    .fail(nanoTime.getAsLong());
        }
    }

    private static InetAddress address(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /** Failures left for one address, refilled at {@code perSecond} up to {@code burst}. */
    private final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        synchronized void fail(long now) {
            refill(now);
            tokens -= 1;
        }

        /** How long until one more failure is allowed; 0 when it is now. */
        synchronized long waitNanos(long now) {
            refill(now);
            return tokens >= 1 ? 0 : (long) ((1 - tokens) / perSecond * NANOS_PER_SECOND);
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updatedNanos) * perSecond / NANOS_PER_SECOND);
            updatedNanos = now;
        }
    }
}
