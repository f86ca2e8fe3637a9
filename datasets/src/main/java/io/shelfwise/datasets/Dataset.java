package io.shelfwise.datasets;

import io.shelfwise.catalog.Item;
import io.shelfwise.events.ShopperEvent;
import java.util.List;
import java.util.Objects;

/** A catalog and the events of its shoppers, ready to split and evaluate on. */
public record Dataset(String name, List<Item> catalog, List<ShopperEvent> events) {
    public Dataset {
        Objects.requireNonNull(name, "name");
        catalog = List.copyOf(catalog);
        events = List.copyOf(events);
    }
}
