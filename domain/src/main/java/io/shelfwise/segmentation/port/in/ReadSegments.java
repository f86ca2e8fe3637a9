package io.shelfwise.segmentation.port.in;

import io.shelfwise.segmentation.MembersPage;
import io.shelfwise.segmentation.SegmentMember;
import io.shelfwise.segmentation.SegmentSize;
import io.shelfwise.segmentation.ShopperSegment;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.List;

/** Tenant use cases: who is in a segment and why, which segments a shopper is in, how a segment grew. */
public interface ReadSegments {
    MembersPage members(TenantId tenant, String segmentId, int offset, int limit);

    /** Every member, highest score first (for export). */
    List<SegmentMember> allMembers(TenantId tenant, String segmentId);

    List<ShopperSegment> segmentsOf(TenantId tenant, String userId);

    List<SegmentSize> sizes(TenantId tenant, String segmentId, Instant since);
}
