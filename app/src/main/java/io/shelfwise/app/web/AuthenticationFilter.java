package io.shelfwise.app.web;

import io.shelfwise.app.logging.RequestLogContext;
import io.shelfwise.app.tracing.Tracing;
import io.shelfwise.common.AuthenticationException;
import io.shelfwise.common.Checks;
import io.shelfwise.common.PermissionDeniedException;
import io.shelfwise.tenancy.RequestThrottle;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.in.AuthenticateApiKey;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Optional;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Authenticates every request to a matched resource, by the resource's {@link Audience}: the operator token for
 * the admin API, an API key (which alone decides the tenant) and then the tenant's rate limit for the tenant API.
 * Also refuses oversized bodies.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    /** The authenticated tenant's {@link TenantAccess}, for the filters that answer after the resource. */
    static final String ACCESS_PROPERTY = "shelfwise.access";
    private static final String BEARER = "Bearer ";

    private final AuthenticateApiKey authenticator;
    private final RequestThrottle throttle;
    private final byte[] operatorToken;
    private final long maxBodyBytes;
    private final Optional<TenantId> dedicatedTenant;

    /**
     * Each resource class's audience, read once. (The matched class comes from the request's own URI info: an
     * injected {@code ResourceInfo} is a proxy that HK2 resolves on every call, measured at ~5 % of a cheap
     * request's CPU.)
     */
    private static final ClassValue<Optional<Audience>> AUDIENCES = new ClassValue<>() {
        @Override
        protected Optional<Audience> computeValue(Class<?> type) {
            return Optional.ofNullable(type.getAnnotation(Audience.class));
        }
    };

    /** @param dedicatedTenant the only tenant this process serves (a siloed tier's own pods), if any */
    public AuthenticationFilter(AuthenticateApiKey authenticator, RequestThrottle throttle, String operatorToken,
                                long maxBodyBytes, Optional<TenantId> dedicatedTenant) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.operatorToken = operatorToken.getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
        this.dedicatedTenant = dedicatedTenant;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> matched = matchedResourceClass(request);
        Audience audience = matched == null ? null : AUDIENCES.get(matched).orElse(null);
        switch (audience == null ? Audience.Caller.TENANT : audience.value()) {
            case PUBLIC -> { }
            case OPERATOR -> {
                if (!MessageDigest.isEqual(operatorToken, bearer(request).getBytes(StandardCharsets.UTF_8))) {
                    throw new AuthenticationException("the operator token is not valid");
                }
                request.setSecurityContext(new CallerContext(() -> "operator", request.getSecurityContext().isSecure()));
            }
            case TENANT -> {
                TenantAccess access = authenticator.authenticate(bearer(request));
                if (dedicatedTenant.isPresent() && !dedicatedTenant.get().equals(access.tenantId())) {
                    throw new PermissionDeniedException("this endpoint is dedicated to another tenant; use your own");
                }
                request.setProperty(ACCESS_PROPERTY, access);
                RequestLogContext.tenant(access.tenantId().value());
                Tracing.tenant(access.tenantId().value());
                throttle.acquire(access.tenantId(), access.policy());
                request.setSecurityContext(new CallerContext(new TenantPrincipal(access),
                        request.getSecurityContext().isSecure()));
            }
        }
        checkLength(request);
        checkQuery(request);
        if (request.hasEntity()) {
            try {
                request.setEntityStream(RequestBody.guard(request.getEntityStream(), request.getMediaType(),
                        maxBodyBytes));
            } catch (IOException e) {
                throw new UncheckedIOException("reading the request body failed", e);
            }
        }
    }

    /**
     * Every query parameter is single-valued and means something when sent: a repeated one (which value wins?) or
     * an empty one ({@code limit=}) is the client's mistake, not a request for the default.
     */
    private static void checkQuery(ContainerRequestContext request) {
        Checks checks = Checks.start();
        request.getUriInfo().getQueryParameters().forEach((name, values) -> {
            if (values.size() > 1) {
                checks.add(name, "is given " + values.size() + " times; send it once");
            } else if (values.isEmpty() || values.get(0).isEmpty()) {
                checks.add(name, "is empty; leave it out for the default, or give a value");
            }
        });
        checks.orThrow();
    }

    private void checkLength(ContainerRequestContext request) {
        if (request.getLength() > maxBodyBytes) {
            throw RequestBody.tooLarge(maxBodyBytes);
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

    private record CallerContext(Principal principal, boolean secure) implements SecurityContext {
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

    private static Class<?> matchedResourceClass(ContainerRequestContext request) {
        if (request.getUriInfo() instanceof ExtendedUriInfo uri) {
            ResourceMethod method = uri.getMatchedResourceMethod();
            if (method != null && method.getInvocable() != null) {
                return method.getInvocable().getHandler().getHandlerClass();
            }
        }
        return null;
    }
}
