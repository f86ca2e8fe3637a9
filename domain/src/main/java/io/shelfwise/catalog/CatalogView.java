package io.shelfwise.catalog;

import java.util.Collection;
import java.util.function.UnaryOperator;

/**
 * A tenant's whole catalog held in memory for serving: what this process changed shows at once, what another
 * process changed shows within the refresh interval. Reads never touch the database.
 */
public interface CatalogView {
    /** The item, in stock or not, or null when the catalog has no such item. */
    Item find(ItemId id);

    /** Every item, in id order; a live view that may move while it is iterated. */
    Collection<Item> items();

    /** Changes whenever the content changes, so that an index derived from it can tell it is out of date. */
    long generation();

    /** Maps an item id to the instance this catalog holds, or to itself when the catalog has no such item. */
    default UnaryOperator<ItemId> sameIds() {
        return id -> {
            Item item = id == null ? null : find(id);
            return item == null ? id : item.id();
        };
    }
}
