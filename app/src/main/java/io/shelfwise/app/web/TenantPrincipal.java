package io.shelfwise.app.web;

import io.shelfwise.tenancy.TenantAccess;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The authenticated caller of a tenant API request, as resources read it from the security context. */
public record TenantPrincipal(TenantAccess access) implements Principal {
    @Override
    public String getName() {
        return access.tenantId().value();
    }

    /** The caller of the current request; the authentication filter guarantees it is set on /v1. */
    public static TenantAccess of(SecurityContext context) {
        return ((TenantPrincipal) context.getUserPrincipal()).access();
    }
}
