package io.shelfwise.metering.port.in;

import io.shelfwise.metering.UsageReport;
import io.shelfwise.tenancy.TenantId;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/** Operator use case: usage per tenant and period, for billing. */
public interface ReportUsage {
    UsageReport report(TenantId tenant, YearMonth period);

    /** Every tenant's report for the period, in tenant id order. */
    List<UsageReport> fleet(YearMonth period);

    /**
     * Every tenant's counted usage of the period in one cheap read, for views that refresh often: no
     * {@link io.shelfwise.metering.UsageMetric#ACTIVE_SHOPPERS}, which costs a pass over each tenant's events.
     */
    Map<TenantId, Map<io.shelfwise.metering.UsageMetric, Long>> counters(YearMonth period);
}
