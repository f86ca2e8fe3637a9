package io.shelfwise.events;

import io.shelfwise.tenancy.TenantId;
import java.util.List;

/**
 * Told of each batch's newly stored events (never a retried one), right after they are committed, on the thread
 * that stored them: a listener must return quickly (hand the work to its own executor) and never throw.
 */
public interface StoredEventsListener {
    void stored(TenantId tenant, List<ShopperEvent> fresh);
}
