package io.shelfwise.onboarding;

import io.shelfwise.common.Checks;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import java.util.Objects;

/**
 * What the operator asks for.
 *
 * @param dataLocation where the initial catalog and history are ({@code catalog.jsonl} and {@code events.jsonl}):
 *                     a directory the platform can read in embedded mode; null for a store that starts cold
 */
public record OnboardingRequest(TenantId tenantId, String displayName, Tier tier, String contact,
                                String dataLocation) {
    public OnboardingRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(tier, "tier");
        Checks.start().text("displayName", displayName, 200).optionalText("contact", contact, 200)
                .optionalText("dataLocation", dataLocation, 1000).orThrow();
    }

    public boolean hasData() {
        return dataLocation != null && !dataLocation.isBlank();
    }
}
