package io.shelfwise.fleet.port.in;

import io.shelfwise.tenancy.TenantId;

/** What the edges tell the fleet view as it happens: each tenant request answered, each batch of events accepted. */
public interface RecordTraffic {
    /** One answered request of the tenant: how long it took and its HTTP status. */
    void request(TenantId tenant, long nanos, int status);

    /** Events of the tenant accepted (newly stored). */
    void eventsAccepted(TenantId tenant, long count);
}
