package io.shelfwise.recommendation.port.out;

import io.shelfwise.events.ShopperEvent;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.List;

/** A tenant's recent events with their items, oldest first, for training a model of the tenant's shoppers. */
public interface InteractionHistory {
    /** Events that happened at or after {@code since}; at most the {@code max} most recent ones. */
    List<ShopperEvent> eventsSince(TenantId tenant, Instant since, int max);
}
