package io.shelfwise.catalog.port.in;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.tenancy.TenantId;

/** Tenant use case: remove an item from the catalog ({@link io.shelfwise.common.NotFoundException} if absent). */
public interface DeleteItem {
    void delete(TenantId tenant, ItemId id);
}
