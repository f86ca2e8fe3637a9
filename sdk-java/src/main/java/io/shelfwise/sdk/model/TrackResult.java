package io.shelfwise.sdk.model;

/** The server's answer to a batch of events: how many were stored and how many it had already stored. */
public record TrackResult(int accepted, int duplicates) {

    /** The sum of two answers, for a list sent as several batches. */
    public TrackResult plus(TrackResult other) {
        return new TrackResult(accepted + other.accepted, duplicates + other.duplicates);
    }
}
