package io.shelfwise.sdk.model;

import java.util.List;
import java.util.Optional;

/** One page of the catalog in id order; pass {@link #next()} as {@code after} to read the following page. */
public record ItemPage(List<Item> items, Optional<String> next) {

    public ItemPage {
        items = items == null ? List.of() : List.copyOf(items);
        next = next == null ? Optional.empty() : next;
    }
}
