package io.shelfwise.fleet;

import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEventsListener;
import io.shelfwise.fleet.port.in.RecordTraffic;
import io.shelfwise.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's traffic over time, kept by the platform itself so that the console works without a Prometheus
 * server: requests, server errors, latency (a fixed log-scale histogram, so a p99 can be read back), accepted
 * events, and recommendation lists served with the clicks and purchases that cite them, in three resolutions
 * recorded together: minutes for the last hour, hours for the last two days, days for
 * the last 30 days. Retention is bounded by construction (rings of 60 + 48 + 30 buckets per tenant, each allocated
 * on its first record, about 15 KB for a tenant busy every minute) and nothing is ever compacted later.
 *
 * <p>The figures are this process's own: on a cluster each replica keeps its own series and the fleet-wide view
 * comes from {@code /metrics} (the same counts, by tenant label).
 */
public final class TenantTelemetry implements RecordTraffic, StoredEventsListener {
    /** Upper bounds of the latency buckets, in milliseconds; a last bucket takes everything slower. */
    static final double[] LATENCY_BOUNDS_MS = {1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750,
        1_000, 2_000, 5_000};

    private final Clock clock;
    private final Map<TenantId, Series> series = new ConcurrentHashMap<>();

    public TenantTelemetry(Clock clock) {
        this.clock = clock;
    }

    /** The resolutions kept, with how many buckets of each. */
    public enum Resolution {
        MINUTE(Duration.ofMinutes(1), 60),
        HOUR(Duration.ofHours(1), 48),
        DAY(Duration.ofDays(1), 30);

        private final long millis;
        private final int buckets;

        Resolution(Duration step, int buckets) {
            this.millis = step.toMillis();
            this.buckets = buckets;
        }

        public Duration step() {
            return Duration.ofMillis(millis);
        }

        public Duration retention() {
            return Duration.ofMillis(millis * buckets);
        }
    }

    @Override
    public void request(TenantId tenant, long nanos, int status) {
        at(tenant).add(clock.millis(), b -> b.request(status >= 500, nanos));
    }

    @Override
    public void eventsAccepted(TenantId tenant, long count) {
        if (count > 0) {
            at(tenant).add(clock.millis(), b -> b.events += count);
        }
    }

    /** Events this process stored: counted, and the clicks and purchases that cite a recommendation. */
    @Override
    public void stored(TenantId tenant, List<ShopperEvent> fresh) {
        eventsAccepted(tenant, fresh.size());
        long clicks = 0;
        long purchases = 0;
        for (ShopperEvent e : fresh) {
            if (e.recommendationId() != null) {
                if (e.type() == EventType.CLICK) {
                    clicks++;
                } else if (e.type() == EventType.PURCHASE) {
                    purchases++;
                }
            }
        }
        recommendationOutcomes(tenant, clicks, purchases);
    }

    @Override
    public void recommendationsServed(TenantId tenant, long lists) {
        if (lists > 0) {
            at(tenant).add(clock.millis(), b -> b.served += lists);
        }
    }

    @Override
    public void recommendationOutcomes(TenantId tenant, long clicks, long purchases) {
        if (clicks > 0 || purchases > 0) {
            at(tenant).add(clock.millis(), b -> {
                b.clicks += clicks;
                b.purchases += purchases;
            });
        }
    }

    /** Traffic over the last {@code window} (rounded to whole buckets of the finest resolution that covers it). */
    public Traffic traffic(TenantId tenant, Duration window) {
        Series s = series.get(tenant);
        if (s == null) {
            return Traffic.NONE;
        }
        Resolution r = finestCovering(window);
        long now = clock.millis();
        Bucket sum = new Bucket(0);
        s.sumSince(r, now - window.toMillis(), now, sum);
        return sum.traffic(window);
    }

    /** Requests of every tenant seen over the last {@code window}, tenants without any left out. */
    public Map<TenantId, Long> requestsPerTenant(Duration window) {
        Map<TenantId, Long> requests = new java.util.HashMap<>();
        for (TenantId tenant : series.keySet()) {
            long n = traffic(tenant, window).requests();
            if (n > 0) {
                requests.put(tenant, n);
            }
        }
        return requests;
    }

    /** The tenant's points at one resolution, oldest first, one per step (empty steps as zeros), to now. */
    public List<Point> points(TenantId tenant, Resolution resolution) {
        long now = clock.millis();
        long last = now / resolution.millis;
        List<Point> points = new ArrayList<>(resolution.buckets);
        Series s = series.get(tenant);
        for (long index = last - resolution.buckets + 1; index <= last; index++) {
            Bucket b = s == null ? null : s.bucket(resolution, index);
            Instant start = Instant.ofEpochMilli(index * resolution.millis);
            long elapsed = Math.min(resolution.millis, now - index * resolution.millis);
            points.add(b == null ? new Point(start, 0, 0, 0, 0, Double.NaN, 0, 0, 0)
                    : b.point(start, Duration.ofMillis(Math.max(1, elapsed))));
        }
        return points;
    }

    private static Resolution finestCovering(Duration window) {
        for (Resolution r : Resolution.values()) {
            if (window.compareTo(r.retention()) <= 0) {
                return r;
            }
        }
        return Resolution.DAY;
    }

    private Series at(TenantId tenant) {
        return series.computeIfAbsent(tenant, t -> new Series());
    }

    /**
     * What a window held.
     *
     * @param p99Millis the 99th percentile's bucket bound (NaN without requests)
     */
    public record Traffic(long requests, long errors, long events, double requestsPerSecond, double errorRate,
                          double p99Millis) {
        static final Traffic NONE = new Traffic(0, 0, 0, 0, 0, Double.NaN);
    }

    /**
     * One step of a series.
     *
     * @param served    recommendation lists served
     * @param clicks    clicks citing a recommendation
     * @param purchases purchases citing a recommendation
     */
    public record Point(Instant start, long requests, long errors, long events, double requestsPerSecond,
                        double p99Millis, long served, long clicks, long purchases) {
        /** Clicks per list served (NaN without lists). */
        public double clickThrough() {
            return served == 0 ? Double.NaN : (double) clicks / served;
        }

        /** Purchases per list served (NaN without lists). */
        public double conversion() {
            return served == 0 ? Double.NaN : (double) purchases / served;
        }
    }

    private static final class Series {
        private final Bucket[][] rings = new Bucket[Resolution.values().length][];

        Series() {
            for (Resolution r : Resolution.values()) {
                rings[r.ordinal()] = new Bucket[r.buckets];
            }
        }

        synchronized void add(long nowMillis, java.util.function.Consumer<Bucket> change) {
            for (Resolution r : Resolution.values()) {
                long index = nowMillis / r.millis;
                Bucket[] ring = rings[r.ordinal()];
                int slot = (int) (index % r.buckets);
                Bucket b = ring[slot];
                if (b == null || b.index != index) {
                    b = new Bucket(index);
                    ring[slot] = b;
                }
                change.accept(b);
            }
        }

        synchronized Bucket bucket(Resolution r, long index) {
            Bucket b = rings[r.ordinal()][(int) (index % r.buckets)];
            return b != null && b.index == index ? b.copy() : null;
        }

        synchronized void sumSince(Resolution r, long fromMillis, long nowMillis, Bucket into) {
            long first = fromMillis / r.millis;
            long last = nowMillis / r.millis;
            for (long index = Math.max(first, last - r.buckets + 1); index <= last; index++) {
                Bucket b = rings[r.ordinal()][(int) (index % r.buckets)];
                if (b != null && b.index == index) {
                    into.merge(b);
                }
            }
        }
    }

    private static final class Bucket {
        final long index;
        long requests;
        long errors;
        long events;
        long served;
        long clicks;
        long purchases;
        final int[] latency = new int[LATENCY_BOUNDS_MS.length + 1];

        Bucket(long index) {
            this.index = index;
        }

        void request(boolean error, long nanos) {
            requests++;
            if (error) {
                errors++;
            }
            latency[slotOf(nanos / 1e6)]++;
        }

        void merge(Bucket other) {
            requests += other.requests;
            errors += other.errors;
            events += other.events;
            served += other.served;
            clicks += other.clicks;
            purchases += other.purchases;
            for (int i = 0; i < latency.length; i++) {
                latency[i] += other.latency[i];
            }
        }

        Bucket copy() {
            Bucket c = new Bucket(index);
            c.merge(this);
            return c;
        }

        Traffic traffic(Duration window) {
            double seconds = Math.max(1, window.toMillis()) / 1000.0;
            return new Traffic(requests, errors, events, requests / seconds,
                    requests == 0 ? 0 : (double) errors / requests, p99());
        }

        Point point(Instant start, Duration elapsed) {
            return new Point(start, requests, errors, events, requests / (elapsed.toMillis() / 1000.0), p99(), served,
                    clicks, purchases);
        }

        double p99() {
            long timed = 0;
            for (int n : latency) {
                timed += n;
            }
            if (timed == 0) {
                return Double.NaN;
            }
            long rank = (long) Math.ceil(timed * 0.99);
            long seen = 0;
            for (int i = 0; i < latency.length; i++) {
                seen += latency[i];
                if (seen >= rank) {
                    return i < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[i] : Double.POSITIVE_INFINITY;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        private static int slotOf(double millis) {
            for (int i = 0; i < LATENCY_BOUNDS_MS.length; i++) {
                if (millis <= LATENCY_BOUNDS_MS[i]) {
                    return i;
                }
            }
            return LATENCY_BOUNDS_MS.length;
        }
    }
}
