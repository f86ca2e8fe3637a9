package io.shelfwise.recommendation.port.in;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.RecommendationFilters;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.tenancy.TenantId;
import java.util.List;

/** Tenant use cases: the home page ("most likely to buy"), product page ("similar") and cart (complements). */
public interface RecommendForSurfaces {
    /** Personalised from the shopper's history and this session's events, which count at once. */
    Recommendations home(TenantId tenant, String userId, int limit, RecommendationFilters filters);

    /**
     * Home for a message (email, push): as {@link #home}, but never a reduced list served while the tenant is loaded
     * again after an eviction; a message waits for the full one.
     */
    default Recommendations homeForMessage(TenantId tenant, String userId, int limit, RecommendationFilters filters) {
        return home(tenant, userId, limit, filters);
    }

    /** Items seen together with {@code item}, blended with items alike in the catalog; never {@code item} itself. */
    Recommendations similar(TenantId tenant, ItemId item, String userId, int limit, RecommendationFilters filters);

    /** Complements of the cart's items, none of which is returned. */
    Recommendations cart(TenantId tenant, List<ItemId> cartItems, String userId, int limit,
                         RecommendationFilters filters);
}
