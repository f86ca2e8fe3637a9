package io.shelfwise.archfixture.clean.catalog;

import io.shelfwise.archfixture.clean.tenancy.TenantId;

/** A catalog item. */
public record Product(TenantId tenant, String sku, int stock, String[] tags) {
}
