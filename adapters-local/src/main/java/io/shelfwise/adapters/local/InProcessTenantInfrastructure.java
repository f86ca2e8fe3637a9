package io.shelfwise.adapters.local;

import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.tenancy.TenantId;
import java.util.Locale;

/**
 * Embedded mode serves every tenant from this one process, whatever its tier: there is nothing to create or
 * delete, so placing a tenant only records the decision in the log.
 */
public final class InProcessTenantInfrastructure implements TenantInfrastructure {
    private static final System.Logger LOG = System.getLogger(InProcessTenantInfrastructure.class.getName());

    @Override
    public void apply(TenantPlacement placement) {
        LOG.log(System.Logger.Level.INFO, "event=tenant_placed tenant=" + placement.tenant() + " tier="
                + placement.policy().tier().wireName() + " deployment="
                + placement.policy().deploymentModel().name().toLowerCase(Locale.ROOT) + " where=in-process");
    }

    @Override
    public void remove(TenantId tenant) {
        LOG.log(System.Logger.Level.INFO, "event=tenant_unplaced tenant=" + tenant + " where=in-process");
    }
}
