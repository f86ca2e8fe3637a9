package io.shelfwise.onboarding.port.out;

import io.shelfwise.tenancy.TenantId;

/** The tenant's serving, as onboarding deploys and checks it. */
public interface TenantServing {
    /**
     * Loads the tenant's active model (if any) and builds what its first requests would otherwise build inline, so
     * the first real request never waits for it.
     */
    void warm(TenantId tenant);

    /**
     * Asks the tenant's own endpoint ({@code endpoint}, or this platform's when null) with its key for {@code shopper}'s home list, {@code item}'s similar items
     * and a cart holding {@code item}, as the store will; returns what was wrong, or null when every answer was a
     * non-empty list of in-stock items.
     */
    String smokeTest(TenantId tenant, String endpoint, String apiKey, String shopper, String item);
}
