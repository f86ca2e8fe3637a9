package io.shelfwise.events.port.in;

import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.TrackResult;
import io.shelfwise.tenancy.TenantAccess;
import java.util.List;

/** Tenant use case: record a batch of shopper events, idempotently by event id. */
public interface TrackEvents {
    TrackResult track(TenantAccess caller, List<ShopperEvent> events);
}
