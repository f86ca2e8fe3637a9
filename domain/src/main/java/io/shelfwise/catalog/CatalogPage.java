package io.shelfwise.catalog;

import java.util.List;

/** One page of a catalog listing; {@code next} is the cursor for the following page, or null at the end. */
public record CatalogPage(List<Item> items, ItemId next) {
    public CatalogPage {
        items = List.copyOf(items);
    }
}
