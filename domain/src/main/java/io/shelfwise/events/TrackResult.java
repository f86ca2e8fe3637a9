package io.shelfwise.events;

/** The answer to a tracked batch: how many events were new and how many were retries of stored ones. */
public record TrackResult(int accepted, int duplicates) {
}
