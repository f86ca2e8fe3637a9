package io.shelfwise.recommendation.port.out;

import io.shelfwise.events.ShopperEvent;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A tenant's recent events with their items, oldest first, for training a model of the tenant's shoppers. */
public interface InteractionHistory {
    /** Events that happened at or after {@code since}; at most the {@code max} most recent ones. */
    List<ShopperEvent> eventsSince(TenantId tenant, Instant since, int max);

    /** When the tenant's newest stored event happened; empty when there is none (or the store cannot tell). */
    default Optional<Instant> newestEventAt(TenantId tenant) {
        return Optional.empty();
    }
}
