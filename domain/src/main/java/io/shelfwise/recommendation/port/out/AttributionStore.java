package io.shelfwise.recommendation.port.out;

import io.shelfwise.recommendation.SurfaceAttribution;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.List;

/** Joins a tenant's served lists with the events that cite them. */
public interface AttributionStore {
    /** Per surface: lists served in [from, to) and the clicks / purchases in [from, to) that cite them. */
    List<SurfaceAttribution> attribution(TenantId tenant, Instant from, Instant to);

    /**
     * Lists served in [from, to), all surfaces together, and how many of them a click event cites that happened
     * within {@code clickedWithin} of the list being served.
     */
    io.shelfwise.recommendation.ServedLists servedLists(TenantId tenant, Instant from, Instant to,
                                                        java.time.Duration clickedWithin);
}
