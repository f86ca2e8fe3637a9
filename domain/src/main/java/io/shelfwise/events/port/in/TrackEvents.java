package io.shelfwise.events.port.in;

import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.TrackResult;
import io.shelfwise.tenancy.TenantAccess;
import java.time.Instant;
import java.util.List;

/** Tenant use case: record a batch of shopper events, idempotently by event id. */
public interface TrackEvents {
    TrackResult track(TenantAccess caller, List<ShopperEvent> events);

    /**
     * Records a store's history in batches of up to {@code EventService.MAX_IMPORT_BATCH}: the same rules as
     * {@link #track} (idempotent by event id, the monthly quota), in ten times fewer transactions.
     */
    TrackResult importHistory(TenantAccess caller, List<ShopperEvent> events);

    /** Refuses a batch of {@code size} events that {@link #track} would refuse for its size, before any per-event work. */
    void checkBatchSize(int size);

    /** The latest timestamp an event may carry now: clients' clocks may run a little ahead of ours. */
    Instant latestAcceptedTimestamp();
}
