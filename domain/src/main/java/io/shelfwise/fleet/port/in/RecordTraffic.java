package io.shelfwise.fleet.port.in;

import io.shelfwise.tenancy.TenantId;

/**
 * What the edges tell the fleet view as it happens: each tenant request answered, each batch of events accepted,
 * each recommendation list served and each click or purchase that cites one.
 */
public interface RecordTraffic {
    /** One answered request of the tenant: how long it took and its HTTP status. */
    void request(TenantId tenant, long nanos, int status);

    /** Events of the tenant accepted (newly stored). */
    void eventsAccepted(TenantId tenant, long count);

    /** Recommendation lists served to the tenant's shoppers. */
    void recommendationsServed(TenantId tenant, long lists);

    /** Clicks and purchases that cite a recommendation (its id), as they are accepted. */
    void recommendationOutcomes(TenantId tenant, long clicks, long purchases);
}
