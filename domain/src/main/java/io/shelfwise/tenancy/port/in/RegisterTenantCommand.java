package io.shelfwise.tenancy.port.in;

import io.shelfwise.common.Checks;
import io.shelfwise.common.ValidationException;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import java.util.Objects;

/** A validated request to register a tenant. */
public record RegisterTenantCommand(TenantId id, String displayName, Tier tier) {
    public RegisterTenantCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        Checks.start().text("displayName", displayName, 200).orThrow();
    }

    /** Builds the command from raw input, reporting every bad field at once. */
    public static RegisterTenantCommand of(String id, String displayName, String tier) {
        Checks checks = Checks.start();
        TenantId tenantId = null;
        Tier parsedTier = null;
        try {
            tenantId = new TenantId(id);
        } catch (ValidationException e) {
            checks.nested("", e);
        }
        try {
            parsedTier = Tier.fromWire("tier", tier);
        } catch (ValidationException e) {
            checks.nested("", e);
        }
        checks.text("displayName", displayName, 200).orThrow();
        return new RegisterTenantCommand(tenantId, displayName, parsedTier);
    }
}
