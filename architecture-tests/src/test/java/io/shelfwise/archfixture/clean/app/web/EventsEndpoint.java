package io.shelfwise.archfixture.clean.app.web;

import io.shelfwise.archfixture.clean.events.port.in.TrackEvents;
import io.shelfwise.archfixture.clean.events.port.in.TrackEventsCommand;

/** A resource that depends on the use case it calls, not on the service behind it. */
public final class EventsEndpoint {
    private final TrackEvents track;

    public EventsEndpoint(TrackEvents track) {
        this.track = track;
    }

    public int post(TrackEventsCommand command) {
        return track.track(command);
    }
}
