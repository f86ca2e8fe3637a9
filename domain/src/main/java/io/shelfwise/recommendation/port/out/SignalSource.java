package io.shelfwise.recommendation.port.out;

import io.shelfwise.recommendation.ItemSignal;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.List;

/** Aggregated interaction counts per item, type and day, read from the tenant's events. */
public interface SignalSource {
    List<ItemSignal> signalsSince(TenantId tenant, Instant since);
}
