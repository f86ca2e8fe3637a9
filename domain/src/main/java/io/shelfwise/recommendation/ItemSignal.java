package io.shelfwise.recommendation;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.time.LocalDate;

/** How many events of one type touched one item on one day (UTC): the raw material of popularity. */
public record ItemSignal(ItemId itemId, EventType type, LocalDate day, long count) {
    /** Receives signals as they are read: {@code count} events of {@code type} touched {@code itemId} that day. */
    @FunctionalInterface
    public interface Sink {
        void accept(String itemId, EventType type, long epochDay, long count);
    }
}
