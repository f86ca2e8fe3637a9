package io.shelfwise.tenancy.port.in;

import io.shelfwise.tenancy.TenantAccess;

/** Resolves a presented API key to the one tenant it belongs to: the only source of tenant identity. */
public interface AuthenticateApiKey {
    /**
     * @throws io.shelfwise.common.AuthenticationException   for a missing, malformed, unknown or dead key
     * @throws io.shelfwise.common.PermissionDeniedException for a key of a tenant that is not active
     */
    TenantAccess authenticate(String presentedKey);
}
