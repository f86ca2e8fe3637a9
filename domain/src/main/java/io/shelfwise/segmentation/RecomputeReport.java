package io.shelfwise.segmentation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a full evaluation read and found: events and shoppers, the reference time, each segment's size; how long it
 * took in all ({@code took}: reading the history and evaluating) and evaluating the rules alone.
 */
public record RecomputeReport(long events, int shoppers, Instant asOf, Map<String, Long> sizes, Duration took,
                              Duration evaluation) {
    public RecomputeReport {
        sizes = Map.copyOf(sizes);
    }
}
