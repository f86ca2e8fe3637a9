package io.shelfwise.sdk.model;

import java.time.Instant;

/** A segment one shopper is in, with their score and reason there. */
public record ShopperSegment(String segmentId, String name, double score, String reason, Instant since) {
}
