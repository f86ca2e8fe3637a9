package io.shelfwise.segmentation;

import java.time.Instant;
import java.util.Objects;

/** A shopper in a segment: how strongly (the rule's score), why, and since when. */
public record SegmentMember(String userId, double score, String reason, Instant since) {
    public SegmentMember {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }
}
