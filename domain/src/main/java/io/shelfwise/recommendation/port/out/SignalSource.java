package io.shelfwise.recommendation.port.out;

import io.shelfwise.recommendation.ItemSignal;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Aggregated interaction counts per item, type and day, read from the tenant's events. */
public interface SignalSource {
    List<ItemSignal> signalsSince(TenantId tenant, Instant since);

    /** The day (UTC) of the tenant's newest signal; empty when there is none (or the source cannot tell). */
    default Optional<java.time.LocalDate> newestDay(TenantId tenant) {
        return Optional.empty();
    }
}
