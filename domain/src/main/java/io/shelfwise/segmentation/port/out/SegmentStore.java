package io.shelfwise.segmentation.port.out;

import io.shelfwise.segmentation.ChurnReport;
import io.shelfwise.segmentation.MembershipChanges;
import io.shelfwise.segmentation.Segment;
import io.shelfwise.segmentation.SegmentMember;
import io.shelfwise.segmentation.SegmentSize;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where each tenant's segments, their members, size history and churn model are kept. Every call is per tenant. */
public interface SegmentStore {
    /** Inserts or replaces the segment (same id). */
    void save(TenantId tenant, Segment segment);

    Optional<Segment> find(TenantId tenant, String segmentId);

    /** The tenant's segments, oldest first. */
    List<Segment> list(TenantId tenant);

    /** Deletes the segment with its members and size history; false when there was none. */
    boolean delete(TenantId tenant, String segmentId);

    /** Tenants with at least one segment. */
    List<TenantId> tenantsWithSegments();

    /** Records who entered (with score and reason) and who left, atomically. */
    void applyMembership(TenantId tenant, MembershipChanges changes);

    /** The members as last recorded, by user id. */
    Map<String, SegmentMember> members(TenantId tenant, String segmentId);

    void recordSize(TenantId tenant, String segmentId, Instant at, long members);

    /** Sizes recorded at or after {@code since}, oldest first. */
    List<SegmentSize> sizes(TenantId tenant, String segmentId, Instant since);

    void saveChurnModel(TenantId tenant, ChurnReport report);

    Optional<ChurnReport> churnModel(TenantId tenant);
}
