package io.shelfwise.catalog.port.out;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.tenancy.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Where each tenant's catalog is kept. Every call is scoped to one tenant. */
public interface ItemStore {
    /** Inserts or replaces the items, atomically; returns the tenant's {@link #version} after the change. */
    long upsert(TenantId tenant, List<Item> items);

    /** Deletes one item; returns the tenant's {@link #version} after the change, or empty when it was not there. */
    OptionalLong delete(TenantId tenant, ItemId id);

    /**
     * A number that every change to the tenant's catalog raises by one, in the same transaction (0 before the
     * first), so that a process holding the catalog in memory can tell whether another one changed it.
     */
    long version(TenantId tenant);

    /**
     * Every tenant's {@link #version} (a tenant whose catalog never changed may be absent: 0): one read that tells a
     * process holding hundreds of catalogs which of them another process changed.
     */
    java.util.Map<TenantId, Long> versions();

    Optional<Item> find(TenantId tenant, ItemId id);

    /** Which of {@code ids} already exist. */
    Set<ItemId> existing(TenantId tenant, Collection<ItemId> ids);

    /** Items with id greater than {@code after} (all when null), in id order. */
    List<Item> list(TenantId tenant, ItemId after, int limit);

    long count(TenantId tenant);
}
