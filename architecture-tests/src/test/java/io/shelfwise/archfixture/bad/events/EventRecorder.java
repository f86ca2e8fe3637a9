package io.shelfwise.archfixture.bad.events;

import io.shelfwise.archfixture.bad.events.port.in.RecordEvents;

/** The service behind {@link RecordEvents}: fine in itself. */
public final class EventRecorder implements RecordEvents {
    @Override
    public int record(int events) {
        return events;
    }
}
