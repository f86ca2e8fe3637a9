package io.shelfwise.recommendation.port.in;

import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.tenancy.TenantId;
import java.util.List;

/** Tenant use case: the model registry: list versions, promote one by hand, roll back; serving follows at once. */
public interface ManageModels {
    /** Newest first. */
    List<ModelVersion> modelVersions(TenantId tenant);

    /** The version, or {@link io.shelfwise.common.NotFoundException}. */
    ModelVersion modelVersion(TenantId tenant, int version);

    /** Makes {@code version} the active model, whatever its gate said. */
    ModelVersion promote(TenantId tenant, int version);

    /** Back to the model active before the current one; returns it. */
    ModelVersion rollback(TenantId tenant);
}
