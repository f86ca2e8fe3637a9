package io.shelfwise.archfixture.clean.events.port.out;

import io.shelfwise.archfixture.clean.events.TrackedEvent;
import java.util.List;

/** Outbound port with a nested record, which the interface rule must leave alone. */
public interface EventStore {
    Page read(String tenant, int offset);

    boolean append(TrackedEvent event);

    record Page(List<TrackedEvent> events, int next) {
    }
}
