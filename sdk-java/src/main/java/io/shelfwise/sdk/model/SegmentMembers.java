package io.shelfwise.sdk.model;

import java.time.Instant;
import java.util.List;

/**
 * One page of a segment's members, highest score first; {@code nextOffset} is null on the last page, and
 * {@code asOf} is the time the rule's windows counted back from.
 */
public record SegmentMembers(String segmentId, long total, Instant asOf, List<SegmentMember> members,
                             Integer nextOffset) {
    public SegmentMembers {
        members = members == null ? List.of() : List.copyOf(members);
    }
}
