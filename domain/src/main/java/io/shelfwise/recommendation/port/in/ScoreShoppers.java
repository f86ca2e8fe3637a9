package io.shelfwise.recommendation.port.in;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ShopperScore;
import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.OptionalDouble;

/**
 * For other contexts (segments, campaigns): the tenant's active learned model's affinity of shoppers to items, the
 * best of the shopper's scores over {@code items}. Empty when no learned model serves the tenant or the model
 * never saw the shopper.
 */
public interface ScoreShoppers {
    OptionalDouble affinity(TenantId tenant, String userId, List<ItemId> items);

    /** The shoppers the model scores highest for {@code items}, best first. */
    List<ShopperScore> topShoppers(TenantId tenant, List<ItemId> items, int limit);
}
