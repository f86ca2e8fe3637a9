package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Terse builders of events and items for the evaluation tests. */
public final class Events {
    private static final AtomicLong IDS = new AtomicLong();

    private Events() {
    }

    public static ItemId item(String id) {
        return new ItemId(id);
    }

    public static List<ItemId> items(String... ids) {
        return Arrays.stream(ids).map(ItemId::new).toList();
    }

    public static ShopperEvent event(String shopper, EventType type, String at, String... itemIds) {
        boolean purchase = type == EventType.PURCHASE;
        return new ShopperEvent("e-" + IDS.incrementAndGet(), type, shopper, null, items(itemIds),
                purchase ? 1 : null, purchase ? BigDecimal.TEN : null, purchase ? "EUR" : null, null, null,
                Instant.parse(at));
    }

    public static ShopperEvent search(String shopper, String at, String query) {
        return new ShopperEvent("e-" + IDS.incrementAndGet(), EventType.SEARCH, shopper, null, List.of(), null, null,
                null, query, null, Instant.parse(at));
    }

    public static Item product(String id, boolean inStock) {
        return new Item(item(id), "Item " + id, null, List.of(), null, null, inStock, Map.of());
    }

    public static Interaction touch(String id, EventType type, String at) {
        return new Interaction(item(id), type, Instant.parse(at));
    }
}
