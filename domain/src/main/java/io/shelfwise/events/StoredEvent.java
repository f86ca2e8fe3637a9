package io.shelfwise.events;

import java.time.Instant;
import java.util.Objects;

/** An accepted event with the time the platform received it. */
public record StoredEvent(ShopperEvent event, Instant receivedAt) {
    public StoredEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
