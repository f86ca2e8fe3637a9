package io.shelfwise.tenancy;

import io.shelfwise.common.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * A credential of one tenant. Only a hash of its secret is kept; the secret itself is shown once at issue.
 *
 * @param expiresAt when a rotated-out key stops working, or null
 * @param revokedAt when the key was revoked, or null
 */
public record ApiKey(ApiKeyId id, TenantId tenantId, String label, String secretHash, Instant createdAt,
                     Instant expiresAt, Instant revokedAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Checks.start().text("label", label, 100).orThrow();
    }

    /** Whether the key authenticates at {@code now}. */
    public boolean isUsableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public ApiKey revokedAt(Instant when) {
        return revokedAt != null ? this : new ApiKey(id, tenantId, label, secretHash, createdAt, expiresAt, when);
    }

    /** This key set to stop working at {@code when}, unless it already stops sooner. */
    public ApiKey expiringAt(Instant when) {
        Instant earliest = expiresAt != null && expiresAt.isBefore(when) ? expiresAt : when;
        return new ApiKey(id, tenantId, label, secretHash, createdAt, earliest, revokedAt);
    }
}
