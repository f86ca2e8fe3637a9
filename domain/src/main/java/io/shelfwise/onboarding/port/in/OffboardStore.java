package io.shelfwise.onboarding.port.in;

import io.shelfwise.onboarding.OffboardingReport;
import io.shelfwise.tenancy.TenantId;

/** Operator use case: take a store off the platform for good, optionally exporting its data first. */
public interface OffboardStore {
    /**
     * Exports (when {@code exportLocation} is given), revokes the keys, stops serving, removes infrastructure, data
     * stores and identity, and erases every record of the tenant. Every step is idempotent: running it again after
     * a failure finishes the job.
     */
    OffboardingReport offboard(TenantId tenant, String exportLocation);
}
