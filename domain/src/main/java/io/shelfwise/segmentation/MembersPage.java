package io.shelfwise.segmentation;

import java.time.Instant;
import java.util.List;

/**
 * One page of a segment's members, highest score first; {@code nextOffset} is null on the last page.
 * {@code asOf} is the reference time the windows counted back from.
 */
public record MembersPage(String segmentId, long total, List<SegmentMember> members, Integer nextOffset,
                          Instant asOf) {
    public MembersPage {
        members = List.copyOf(members);
    }
}
