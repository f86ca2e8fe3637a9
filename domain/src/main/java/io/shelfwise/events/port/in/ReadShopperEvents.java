package io.shelfwise.events.port.in;

import io.shelfwise.events.StoredEvent;
import io.shelfwise.tenancy.TenantId;
import java.util.List;

/** Tenant use case: read back one shopper's recent events. */
public interface ReadShopperEvents {
    List<StoredEvent> recentOf(TenantId tenant, String shopperKey, int limit);
}
