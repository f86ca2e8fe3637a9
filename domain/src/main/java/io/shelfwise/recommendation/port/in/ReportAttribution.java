package io.shelfwise.recommendation.port.in;

import io.shelfwise.recommendation.SurfaceAttribution;
import io.shelfwise.tenancy.TenantId;
import java.time.YearMonth;
import java.util.List;

/** Tenant use case: what the recommendations led to, per surface, in a calendar month (UTC). */
public interface ReportAttribution {
    List<SurfaceAttribution> attribution(TenantId tenant, YearMonth period);
}
