package io.shelfwise.segmentation;

/** A segment one shopper is in, with their score and reason there. */
public record ShopperSegment(String segmentId, String name, SegmentMember member) {
}
