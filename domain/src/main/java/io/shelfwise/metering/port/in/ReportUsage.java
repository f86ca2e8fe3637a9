package io.shelfwise.metering.port.in;

import io.shelfwise.metering.UsageReport;
import io.shelfwise.tenancy.TenantId;
import java.time.YearMonth;
import java.util.List;

/** Operator use case: usage per tenant and period, for billing. */
public interface ReportUsage {
    UsageReport report(TenantId tenant, YearMonth period);

    /** Every tenant's report for the period, in tenant id order. */
    List<UsageReport> fleet(YearMonth period);
}
