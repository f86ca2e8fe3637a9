package io.shelfwise.recommendation.port.in;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ShopperScore;
import io.shelfwise.recommendation.ShopperTouch;
import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * For other contexts (segments, campaigns): the tenant's active learned model's affinity of shoppers to items, the
 * best of the shopper's scores over {@code items}, the shopper folded into the model from their history (their
 * latest events, oldest first) as serving folds them in for home. Empty when no learned model serves the tenant,
 * or neither the history nor {@code items} holds an item the model knows.
 */
public interface ScoreShoppers {
    OptionalDouble affinity(TenantId tenant, List<ShopperTouch> history, List<ItemId> items);

    /** Of the shoppers in {@code histories} (user id to history), those the model scores highest, best first. */
    List<ShopperScore> topShoppers(TenantId tenant, Map<String, List<ShopperTouch>> histories, List<ItemId> items,
                                   int limit);
}
