package io.shelfwise.recommendation;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.time.Instant;
import java.util.Objects;

/** One event of a shopper with an item, as another context hands a shopper's history to {@code ScoreShoppers}. */
public record ShopperTouch(ItemId item, EventType type, Instant at) {
    public ShopperTouch {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }
}
