package io.shelfwise.onboarding.port.out;

import io.shelfwise.tenancy.TenantId;
import java.util.Map;

/** Every record of a tenant in the platform's database, as offboarding exports and then erases them. */
public interface TenantRecords {
    /**
     * Writes the tenant's catalog and events, in the API's own objects, as {@code catalog.jsonl} and
     * {@code events.jsonl} under {@code location}; returns how many of each were written.
     */
    Map<String, Long> export(TenantId tenant, String location);

    /** Deletes every row that names the tenant, in every table, the tenant's own row last. Idempotent. */
    void erase(TenantId tenant);

    /**
     * Deletes every row of the tenant but its onboarding records, which stay as the account of a cancelled
     * onboarding. Idempotent.
     */
    void eraseAllButOnboardings(TenantId tenant);

    /** Rows naming the tenant, per table: every table that can hold one is listed, so a zero proves absence. */
    Map<String, Long> count(TenantId tenant);
}
