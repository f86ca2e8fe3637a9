package io.shelfwise.catalog.port.out;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.tenancy.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where each tenant's catalog is kept. Every call is scoped to one tenant. */
public interface ItemStore {
    /** Inserts or replaces the items, atomically. */
    void upsert(TenantId tenant, List<Item> items);

    /** Deletes one item; false when it was not there. */
    boolean delete(TenantId tenant, ItemId id);

    Optional<Item> find(TenantId tenant, ItemId id);

    /** The items among {@code ids} that exist, in no particular order. */
    List<Item> findAll(TenantId tenant, Collection<ItemId> ids);

    /** Which of {@code ids} already exist. */
    Set<ItemId> existing(TenantId tenant, Collection<ItemId> ids);

    /** Items with id greater than {@code after} (all when null), in id order. */
    List<Item> list(TenantId tenant, ItemId after, int limit);

    /** In-stock items with id greater than {@code after} (all when null), in id order. */
    List<Item> listInStock(TenantId tenant, ItemId after, int limit);

    long count(TenantId tenant);
}
