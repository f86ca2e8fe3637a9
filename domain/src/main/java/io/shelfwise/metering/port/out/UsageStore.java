package io.shelfwise.metering.port.out;

import io.shelfwise.metering.UsageMetric;
import io.shelfwise.tenancy.TenantId;
import java.time.YearMonth;
import java.util.Map;

/** Where usage counters are kept, per tenant, billing period and metric. */
public interface UsageStore {
    /** Adds amounts to counters, in one transaction. */
    void add(TenantId tenant, YearMonth period, Map<UsageMetric, Long> amounts);

    /** The counted metrics of a period, plus {@link UsageMetric#ACTIVE_SHOPPERS} computed from the events. */
    Map<UsageMetric, Long> usage(TenantId tenant, YearMonth period);

    /**
     * Every tenant's counted metrics of a period in one read, without {@link UsageMetric#ACTIVE_SHOPPERS} (which
     * reads the tenant's events); tenants without counters are absent.
     */
    Map<TenantId, Map<UsageMetric, Long>> counters(YearMonth period);
}
