package io.shelfwise.app.web;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the {@code tenant} label of the metrics bounded: at most {@code limit} tenants are named, the rest are
 * counted as {@value #OTHER}, so a fleet of thousands cannot blow up the number of series Prometheus scrapes.
 * Tenants are named as they first arrive while places are free; {@link #rerank} then keeps the busiest ones, and
 * the tenants it drops are returned so that their series can be removed.
 */
public final class TenantLabels {
    /** The label of every tenant past the limit. */
    public static final String OTHER = "other";

    private final int limit;
    private final Set<String> named = ConcurrentHashMap.newKeySet();

    public TenantLabels(int limit) {
        this.limit = Math.max(0, limit);
    }

    /** The label a request of {@code tenant} is counted under. */
    public String label(String tenant) {
        if (named.contains(tenant)) {
            return tenant;
        }
        synchronized (this) {
            if (named.size() < limit) {
                named.add(tenant);
                return tenant;
            }
        }
        return OTHER;
    }

    /**
     * Names the busiest tenants (by {@code requests}, ties by id) and, while places remain, those named before.
     *
     * @return the tenants no longer named
     */
    public synchronized Set<String> rerank(Map<String, Long> requests) {
        Set<String> keep = new HashSet<>();
        requests.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).forEach(e -> keep.add(e.getKey()));
        for (String before : named.stream().sorted(Comparator.naturalOrder()).toList()) {
            if (keep.size() >= limit) {
                break;
            }
            keep.add(before);
        }
        Set<String> dropped = new HashSet<>(named);
        dropped.removeAll(keep);
        named.retainAll(keep);
        named.addAll(keep);
        return dropped;
    }
}
