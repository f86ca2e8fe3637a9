package io.shelfwise.fleet.port.in;

import io.shelfwise.fleet.FleetRow;
import io.shelfwise.fleet.TenantView;
import io.shelfwise.tenancy.TenantId;
import java.util.List;

/** Operator use case: every tenant at a glance, and one tenant in full. */
public interface ViewFleet {
    /** One row per tenant, in tenant id order. */
    List<FleetRow> overview();

    /** The tenant's page: its row, traffic over time, models, onboarding, usage and keys. */
    TenantView tenant(TenantId tenant);
}
