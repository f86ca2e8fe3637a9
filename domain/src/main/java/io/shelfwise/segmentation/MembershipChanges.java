package io.shelfwise.segmentation;

import java.util.List;

/** Who entered and who left one segment in one update. */
public record MembershipChanges(String segmentId, List<SegmentMember> entered, List<String> left) {
    public MembershipChanges {
        entered = List.copyOf(entered);
        left = List.copyOf(left);
    }

    public boolean isEmpty() {
        return entered.isEmpty() && left.isEmpty();
    }
}
