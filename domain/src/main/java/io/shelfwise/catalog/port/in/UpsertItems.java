package io.shelfwise.catalog.port.in;

import io.shelfwise.catalog.Item;
import io.shelfwise.tenancy.TenantAccess;
import java.util.List;

/** Tenant use case: add or replace catalog items in one batch. */
public interface UpsertItems {
    /** Returns how many items were written. */
    int upsert(TenantAccess caller, List<Item> items);

    /** Refuses a batch of {@code size} items that {@link #upsert} would refuse for its size, before converting any. */
    void checkBatchSize(int size);
}
