package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** One item one shopper touched, how and when: an event with several items yields one interaction per item. */
public record Interaction(ItemId item, EventType type, Instant at) {
    public Interaction {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    /** The items {@code history} bought: what a home list leaves out. */
    public static Set<ItemId> bought(List<Interaction> history) {
        Set<ItemId> bought = new HashSet<>();
        for (Interaction i : history) {
            if (i.type() == EventType.PURCHASE) {
                bought.add(i.item());
            }
        }
        return bought;
    }
}
