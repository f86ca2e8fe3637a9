package io.shelfwise.archfixture.bad.events.port.in;

/** A use case, implemented by {@code EventRecorder}. */
public interface RecordEvents {
    int record(int events);
}
