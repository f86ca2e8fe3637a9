package io.shelfwise.metering;

import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;

/**
 * A tenant's usage in one billing period, next to what its tier includes and costs.
 *
 * @param eventsIncluded the tier's monthly event quota
 * @param priceUsd       what the period costs on the tenant's current tier
 */
public record UsageReport(TenantId tenant, Tier tier, YearMonth period, Map<UsageMetric, Long> usage,
                          long eventsIncluded, BigDecimal priceUsd) {
    public UsageReport {
        usage = Map.copyOf(usage);
    }

    public long get(UsageMetric metric) {
        return usage.getOrDefault(metric, 0L);
    }
}
