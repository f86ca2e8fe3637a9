package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.time.Instant;
import java.util.Objects;

/** One item one shopper touched, how and when: an event with several items yields one interaction per item. */
public record Interaction(ItemId item, EventType type, Instant at) {
    public Interaction {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }
}
