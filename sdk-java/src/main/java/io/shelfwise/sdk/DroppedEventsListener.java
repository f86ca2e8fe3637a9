package io.shelfwise.sdk;

/**
 * Told about every event the SDK gives up on. Called on the SDK's sender thread, or on the thread
 * calling {@code track} when the buffer is full, so it must return quickly and must not call
 * {@code flush} or {@code close}.
 */
@FunctionalInterface
public interface DroppedEventsListener {

    void onDropped(DroppedEvents dropped);
}
