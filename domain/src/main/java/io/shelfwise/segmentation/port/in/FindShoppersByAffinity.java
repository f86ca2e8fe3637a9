package io.shelfwise.segmentation.port.in;

import io.shelfwise.segmentation.AffinityMatch;
import io.shelfwise.segmentation.SegmentRule;
import io.shelfwise.tenancy.TenantId;
import java.util.List;

/** Tenant use case: the shoppers most likely to buy an item, a brand or a category, by the active model's score. */
public interface FindShoppersByAffinity {
    List<AffinityMatch> find(TenantId tenant, SegmentRule.Target target, int limit);
}
