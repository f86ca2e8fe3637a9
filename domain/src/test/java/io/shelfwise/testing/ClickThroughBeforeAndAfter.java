package io.shelfwise.testing;

import io.shelfwise.recommendation.ServedLists;
import io.shelfwise.recommendation.SurfaceAttribution;
import io.shelfwise.recommendation.port.in.ReportAttribution;
import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribution as a rollout's click-through gate reads it: per tenant, the lists (and clicked lists) of the day
 * before a change and of the time since; a tenant not set served nothing.
 */
public final class ClickThroughBeforeAndAfter implements ReportAttribution {
    private static final ServedLists NONE = new ServedLists(0, 0);
    private final Map<TenantId, ServedLists[]> lists = new HashMap<>();

    public void set(TenantId tenant, ServedLists before, ServedLists after) {
        lists.put(tenant, new ServedLists[]{before, after});
    }

    @Override
    public List<SurfaceAttribution> attribution(TenantId tenant, YearMonth period) {
        return List.of();
    }

    @Override
    public ServedLists servedLists(TenantId tenant, Instant from, Instant to, Duration clickedWithin) {
        ServedLists[] both = lists.getOrDefault(tenant, new ServedLists[]{NONE, NONE});
        // The baseline reaches back a day; "after" starts at the change.
        return from.isBefore(to.minus(Duration.ofHours(1))) ? both[0] : both[1];
    }
}
