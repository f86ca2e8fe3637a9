package io.shelfwise.archfixture.clean.events.port.in;

import io.shelfwise.archfixture.clean.events.TrackedEvent;
import java.util.List;

/** The command a use case takes: a record. */
public record TrackEventsCommand(List<TrackedEvent> events) {
}
