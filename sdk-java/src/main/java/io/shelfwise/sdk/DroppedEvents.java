package io.shelfwise.sdk;

import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.model.Event;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Events the SDK gave up on, why, and the failure behind it (none for a full buffer or a closed client). */
public record DroppedEvents(DropReason reason, List<Event> events, Optional<ShelfwiseException> cause) {

    public DroppedEvents {
        Objects.requireNonNull(reason, "reason");
        events = List.copyOf(events);
        cause = cause == null ? Optional.empty() : cause;
    }
}
