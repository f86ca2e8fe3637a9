package io.shelfwise.segmentation;

import java.time.Instant;

/** How many members a segment had at a moment. */
public record SegmentSize(Instant at, long members) {
}
