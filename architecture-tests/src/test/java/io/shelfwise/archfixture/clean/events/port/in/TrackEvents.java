package io.shelfwise.archfixture.clean.events.port.in;

/** Use case: accept a batch of events. */
public interface TrackEvents {
    int track(TrackEventsCommand command);
}
