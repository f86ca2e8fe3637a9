package io.shelfwise.catalog.port.in;

import io.shelfwise.catalog.CatalogPage;
import io.shelfwise.catalog.CatalogView;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.tenancy.TenantId;
import java.util.Collection;
import java.util.List;

/** Read side of a tenant's catalog, for the tenant and for other contexts. */
public interface BrowseCatalog {
    /** The item, or {@link io.shelfwise.common.NotFoundException}. */
    Item get(TenantId tenant, ItemId id);

    CatalogPage page(TenantId tenant, ItemId after, int limit);

    /** The items among {@code ids} that exist and are in stock. */
    List<Item> inStock(TenantId tenant, Collection<ItemId> ids);

    /** Up to {@code limit} in-stock items in id order, for filling lists that lack signals. */
    List<Item> anyInStock(TenantId tenant, int limit);

    /** The tenant's whole catalog as held in memory for serving. */
    CatalogView view(TenantId tenant);

    /**
     * As {@link #sameIds}, but only while the catalog is held in memory (identity otherwise); loads nothing.
     */
    default java.util.function.UnaryOperator<ItemId> heldIds(TenantId tenant) {
        return java.util.function.UnaryOperator.identity();
    }

    /** Whether {@link #view} would answer from memory, without loading the catalog first. */
    default boolean isHeld(TenantId tenant) {
        return true;
    }

    /**
     * Maps an item id to the instance the tenant's catalog holds (the id itself when the catalog has no such item),
     * so that models built for the tenant hold the catalog's ids rather than copies of their own: ~64 bytes an item
     * for each model.
     */
    default java.util.function.UnaryOperator<ItemId> sameIds(TenantId tenant) {
        CatalogView view = view(tenant);
        return view == null ? java.util.function.UnaryOperator.identity() : view.sameIds();
    }
}
