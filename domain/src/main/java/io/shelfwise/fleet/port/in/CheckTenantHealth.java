package io.shelfwise.fleet.port.in;

import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.util.Optional;

/** Whether a tenant's live traffic keeps its tier's promise, as a rollout's health gate asks after a change. */
public interface CheckTenantHealth {
    /**
     * What is wrong with the tenant's traffic over the last {@code window} (server errors burning its error budget
     * more than ten times over, or a p99 over its tier's promise), or empty when it is healthy or too quiet to tell.
     */
    Optional<String> problem(TenantId tenant, Duration window);
}
