package io.shelfwise.recommendation.port.in;

import io.shelfwise.recommendation.ServedLists;
import io.shelfwise.recommendation.SurfaceAttribution;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/** Tenant use case: what the recommendations led to, per surface, in a calendar month (UTC). */
public interface ReportAttribution {
    List<SurfaceAttribution> attribution(TenantId tenant, YearMonth period);

    /**
     * Every surface's lists served in [from, to) and how many of them were clicked within {@code clickedWithin} of
     * being served: the online click-through of the model that served then, as a rollout compares before and after
     * a change (the same allowance on both sides, so day-old lists do not win by having had longer to be clicked).
     */
    ServedLists servedLists(TenantId tenant, Instant from, Instant to, java.time.Duration clickedWithin);
}
