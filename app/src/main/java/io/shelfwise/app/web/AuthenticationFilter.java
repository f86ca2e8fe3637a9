package io.shelfwise.app.web;

import io.shelfwise.common.AuthenticationException;
import io.shelfwise.common.LimitExceededException;
import io.shelfwise.common.LimitExceededException.Kind;
import io.shelfwise.tenancy.RequestThrottle;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.port.in.AuthenticateApiKey;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;

/**
 * Authenticates every API request before it reaches a resource: the operator token on {@code /admin}, an API key
 * on {@code /v1} (which alone decides the tenant), then the tenant's rate limit. Also refuses oversized bodies.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    static final String TENANT_PROPERTY = "shelfwise.tenant";
    private static final String BEARER = "Bearer ";

    private final AuthenticateApiKey authenticator;
    private final RequestThrottle throttle;
    private final byte[] operatorToken;
    private final long maxBodyBytes;

    public AuthenticationFilter(AuthenticateApiKey authenticator, RequestThrottle throttle, String operatorToken,
                                long maxBodyBytes) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.operatorToken = operatorToken.getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.startsWith("admin/")) {
            if (!MessageDigest.isEqual(operatorToken, bearer(request).getBytes(StandardCharsets.UTF_8))) {
                throw new AuthenticationException("the operator token is not valid");
            }
            request.setSecurityContext(new Context(() -> "operator", request.getSecurityContext().isSecure()));
        } else if (path.startsWith("v1/")) {
            TenantAccess access = authenticator.authenticate(bearer(request));
            request.setProperty(TENANT_PROPERTY, access.tenantId().value());
            throttle.acquire(access.tenantId(), access.policy());
            request.setSecurityContext(new Context(new TenantPrincipal(access),
                    request.getSecurityContext().isSecure()));
        }
        if (request.getLength() > maxBodyBytes) {
            throw new LimitExceededException(Kind.REQUEST_SIZE, null,
                    "the body has " + request.getLength() + " bytes; at most " + maxBodyBytes + " are accepted", null);
        }
    }

    private static String bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            throw new AuthenticationException("send the credential as 'Authorization: Bearer <token>'");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new AuthenticationException("the Authorization header must use the Bearer scheme");
        }
        return header.substring(BEARER.length()).trim();
    }

    private record Context(Principal principal, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
