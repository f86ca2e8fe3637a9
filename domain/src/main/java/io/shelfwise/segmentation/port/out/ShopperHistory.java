package io.shelfwise.segmentation.port.out;

import io.shelfwise.events.ShopperEvent;
import io.shelfwise.tenancy.TenantId;
import java.util.function.Consumer;

/** Reads a tenant's whole event history, for evaluating segments from scratch. */
public interface ShopperHistory {
    /**
     * Every stored event of a registered shopper (with a user id), streamed in any order. An event naming several
     * items may arrive as one event per item, with its price and quantity on the first.
     */
    void forEachEvent(TenantId tenant, Consumer<ShopperEvent> consumer);
}
