package io.shelfwise.archfixture.bad.app.web;

import io.shelfwise.archfixture.bad.events.EventRecorder;

/** Breaks the web rule: a resource that depends on the concrete service instead of its use-case interface. */
public final class EventsEndpoint {
    private final EventRecorder recorder;

    public EventsEndpoint(EventRecorder recorder) {
        this.recorder = recorder;
    }

    public int post(int events) {
        return recorder.record(events);
    }
}
