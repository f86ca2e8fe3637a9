package io.shelfwise.recommendation.registry;

import io.shelfwise.tenancy.TenantId;

/**
 * Told when this process changed a tenant's active model version (promotion or rollback), so whoever holds the
 * active model in memory swaps it at once instead of at its next periodic check. Lets training hand a promotion to
 * serving without depending on it.
 */
@FunctionalInterface
public interface ActiveModelListener {
    void activeModelChanged(TenantId tenant);
}
