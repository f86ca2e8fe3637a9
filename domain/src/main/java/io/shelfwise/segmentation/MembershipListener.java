package io.shelfwise.segmentation;

import io.shelfwise.tenancy.TenantId;

/** Told, after they are recorded, who entered and left a tenant's segment (campaign journeys start on entry). */
public interface MembershipListener {
    void changed(TenantId tenant, Segment segment, MembershipChanges changes);
}
