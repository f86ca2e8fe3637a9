package io.shelfwise.sdk.model;

import java.time.Instant;

/** A shopper in a segment: the rule's score (higher is more so), why, and since when. */
public record SegmentMember(String userId, double score, String reason, Instant since) {
}
