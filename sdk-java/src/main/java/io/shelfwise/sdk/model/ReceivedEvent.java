package io.shelfwise.sdk.model;

import java.time.Instant;

/** An event as the server stored it, with the time it arrived. */
public record ReceivedEvent(Event event, Instant receivedAt) {
}
