package io.shelfwise.metering.port.in;

import io.shelfwise.metering.UsageMetric;
import io.shelfwise.tenancy.TenantId;

/** Counts billable use; cheap enough for every request (buffered, written in the background). */
public interface RecordUsage {
    void record(TenantId tenant, UsageMetric metric, long amount);
}
