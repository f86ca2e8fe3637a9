package io.shelfwise.fleet.port.in;

import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.tenancy.TenantId;

/** Operator use case: act on one tenant from the fleet view, which then shows the change at once. */
public interface OperateFleet {
    /** Serves the model active before the current one again. */
    ModelVersion rollbackModel(TenantId tenant);

    /** Serves {@code version}, whatever its gate said. */
    ModelVersion promoteModel(TenantId tenant, int version);
}
