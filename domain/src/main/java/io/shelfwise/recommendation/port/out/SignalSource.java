package io.shelfwise.recommendation.port.out;

import io.shelfwise.recommendation.ItemSignal;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Aggregated interaction counts per item, type and day, read from the tenant's events. */
public interface SignalSource {
    List<ItemSignal> signalsSince(TenantId tenant, Instant since);

    /**
     * The same signals as {@link #signalsSince}, passed to {@code sink} as they are read instead of collected: a
     * source may pass one (item, type, day) several times (raw rows, each with its count), and the receiver sums.
     * Popularity ranks a tenant's month from it without holding every group at once.
     */
    default void forEachSignal(TenantId tenant, Instant since, ItemSignal.Sink sink) {
        for (ItemSignal s : signalsSince(tenant, since)) {
            sink.accept(s.itemId().value(), s.type(), s.day().toEpochDay(), s.count());
        }
    }

    /** The day (UTC) of the tenant's newest signal; empty when there is none (or the source cannot tell). */
    default Optional<java.time.LocalDate> newestDay(TenantId tenant) {
        return Optional.empty();
    }
}
