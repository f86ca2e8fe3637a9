package io.shelfwise.archfixture.clean.recommendation;

import io.shelfwise.archfixture.clean.catalog.Product;
import io.shelfwise.archfixture.clean.tenancy.TenantId;
import java.util.List;

/** Depends on catalog and tenancy, one way only. */
public record Recommendation(TenantId tenant, String id, List<Product> items) {
}
