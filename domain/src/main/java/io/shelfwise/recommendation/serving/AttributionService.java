package io.shelfwise.recommendation.serving;

import io.shelfwise.recommendation.ServedLists;
import io.shelfwise.recommendation.SurfaceAttribution;
import io.shelfwise.recommendation.port.in.ReportAttribution;
import io.shelfwise.recommendation.port.out.AttributionStore;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/** Attribution of clicks and purchases to the lists they cite, per calendar month (UTC). */
public final class AttributionService implements ReportAttribution {
    private final AttributionStore store;
    private final RecommendationLogWriter pendingLog;

    /** @param pendingLog flushed first, so that lists served a moment ago count */
    public AttributionService(AttributionStore store, RecommendationLogWriter pendingLog) {
        this.store = store;
        this.pendingLog = pendingLog;
    }

    @Override
    public List<SurfaceAttribution> attribution(TenantId tenant, YearMonth period) {
        pendingLog.flush();
        return store.attribution(tenant, period.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                period.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    @Override
    public ServedLists servedLists(TenantId tenant, Instant from, Instant to, java.time.Duration clickedWithin) {
        pendingLog.flush();
        return store.servedLists(tenant, from, to, clickedWithin);
    }
}
