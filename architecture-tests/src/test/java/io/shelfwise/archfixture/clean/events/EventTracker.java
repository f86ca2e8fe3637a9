package io.shelfwise.archfixture.clean.events;

import io.shelfwise.archfixture.clean.events.port.in.TrackEvents;
import io.shelfwise.archfixture.clean.events.port.in.TrackEventsCommand;
import io.shelfwise.archfixture.clean.events.port.out.EventStore;

/** Pattern switch and lambdas compile to java.lang.runtime and java.lang.invoke calls: still only the JDK. */
public final class EventTracker implements TrackEvents {
    private final EventStore store;

    public EventTracker(EventStore store) {
        this.store = store;
    }

    @Override
    public int track(TrackEventsCommand command) {
        return (int) command.events().stream().filter(e -> weight(e.type()) > 0).filter(store::append).count();
    }

    private static int weight(EventType type) {
        return switch (type) {
            case EventType.View view -> 1;
            case EventType.Purchase purchase -> 10 * purchase.quantity();
        };
    }
}
