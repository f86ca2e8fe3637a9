package io.shelfwise.segmentation.port.in;

import io.shelfwise.segmentation.RecomputeReport;
import io.shelfwise.segmentation.Segment;
import io.shelfwise.segmentation.SegmentDraft;
import io.shelfwise.tenancy.TenantId;
import java.util.List;

/** Tenant use cases: define, change, list and delete segments; evaluate them in full on demand. */
public interface ManageSegments {
    /** Validates and stores a new segment and evaluates it over the tenant's shoppers. */
    Segment create(TenantId tenant, SegmentDraft draft);

    /** Replaces the definition (the version goes up) and evaluates it again. */
    Segment update(TenantId tenant, String segmentId, SegmentDraft draft);

    Segment get(TenantId tenant, String segmentId);

    List<Segment> list(TenantId tenant);

    void delete(TenantId tenant, String segmentId);

    /** Reads the whole history again and evaluates every segment from scratch. */
    RecomputeReport recompute(TenantId tenant);
}
