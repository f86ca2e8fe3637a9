package io.shelfwise.sdk;

/**
 * Counters of the background event pipeline since the client was built: events taken into the
 * buffer, stored by the server ({@code sent}), already stored before ({@code duplicates}), given up
 * ({@code dropped}, including those refused by a full buffer) and HTTP retries of batches.
 */
public record EventStats(long enqueued, long sent, long duplicates, long dropped, long retries) {
}
