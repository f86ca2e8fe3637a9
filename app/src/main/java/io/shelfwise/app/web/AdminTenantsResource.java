package io.shelfwise.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.shelfwise.common.ValidationException;
import io.shelfwise.metering.port.in.ReportUsage;
import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.IssuedApiKey;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicy;
import io.shelfwise.provisioning.port.in.ChangeTier;
import io.shelfwise.provisioning.port.in.OffboardTenant;
import io.shelfwise.provisioning.port.in.OnboardTenant;
import io.shelfwise.tenancy.port.in.ChangeTenantState;
import io.shelfwise.tenancy.port.in.FindTenants;
import io.shelfwise.tenancy.port.in.ManageApiKeys;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code /admin/v1/tenants}: the operator's tenant and key management. */
@Audience(Audience.Caller.OPERATOR)
@Path("admin/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminTenantsResource {
    private static final System.Logger LOG = System.getLogger(AdminTenantsResource.class.getName());

    private final OnboardTenant onboard;
    private final FindTenants find;
    private final ChangeTenantState change;
    private final ManageApiKeys keys;
    private final ChangeTier changeTier;
    private final OffboardTenant offboard;
    private final ReportUsage usage;
    private final Clock clock;

    public AdminTenantsResource(OnboardTenant onboard, FindTenants find, ChangeTenantState change,
                                ManageApiKeys keys, ChangeTier changeTier, OffboardTenant offboard,
                                ReportUsage usage, Clock clock) {
        this.onboard = onboard;
        this.find = find;
        this.change = change;
        this.keys = keys;
        this.changeTier = changeTier;
        this.offboard = offboard;
        this.usage = usage;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewTenant body) {
        if (body == null) {
            throw ValidationException.of("id", "the body must be a JSON object with id, displayName and tier");
        }
        Tenant tenant = onboard.onboard(RegisterTenantCommand.of(body.id(), body.displayName(), body.tier()));
        LOG.log(System.Logger.Level.INFO, "event=tenant_registered tenant=" + tenant.id() + " tier="
                + tenant.tier().wireName());
        return Response.created(URI.create("admin/v1/tenants/" + tenant.id())).entity(json(tenant)).build();
    }

    @GET
    public TenantList list() {
        return new TenantList(find.list().stream().map(this::json).toList());
    }

    @GET
    @Path("{id}")
    public TenantJson get(@PathParam("id") String id) {
        return json(find.get(new TenantId(id)));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TenantJson update(@PathParam("id") String id, TenantChange body) {
        if (body == null || (body.state() == null && body.displayName() == null && body.tier() == null)) {
            throw ValidationException.of("state", "give a new state, displayName and/or tier");
        }
        TenantId tenantId = new TenantId(id);
        TenantState state = body.state() == null ? null : TenantState.fromWire("state", body.state());
        Tier tier = body.tier() == null ? null : Tier.fromWire("tier", body.tier());
        if (state == TenantState.OFFBOARDED) {
            if (tier != null || body.displayName() != null) {
                throw ValidationException.of("state", "offboarding takes no other change in the same request");
            }
            return json(offboard.offboard(tenantId));
        }
        // Every part is checked before anything changes, so a refused request changes nothing.
        Tenant current = find.get(tenantId);
        Tenant target = body.displayName() == null ? current : current.renamed(body.displayName());
        if (state != null) {
            target.transitionTo(state);
        }
        Tenant tenant = tier == null ? current : changeTier.changeTier(tenantId, tier);
        if (body.displayName() != null) {
            tenant = change.rename(tenantId, body.displayName());
        }
        if (state == TenantState.ACTIVE) {
            tenant = onboard.activate(tenantId);
        } else if (state != null) {
            tenant = change.change(tenantId, state);
        }
        LOG.log(System.Logger.Level.INFO, "event=tenant_updated tenant=" + tenantId + " state="
                + tenant.state().wireName() + " tier=" + tenant.tier().wireName());
        return json(tenant);
    }

    @GET
    @Path("{id}/usage")
    public AdminUsageResource.UsageJson usage(@PathParam("id") String id, @QueryParam("period") String period) {
        return AdminUsageResource.json(usage.report(new TenantId(id), Bodies.periodParam(period, clock)));
    }

    @POST
    @Path("{id}/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issueKey(@PathParam("id") String id, NewKey body) {
        IssuedApiKey issued = keys.issue(new TenantId(id), body == null ? null : body.label());
        LOG.log(System.Logger.Level.INFO, "event=api_key_issued tenant=" + id + " key=" + issued.key().id());
        return Response.status(Response.Status.CREATED).entity(json(issued)).build();
    }

    @GET
    @Path("{id}/keys")
    public KeyList listKeys(@PathParam("id") String id) {
        return new KeyList(keys.list(new TenantId(id)).stream().map(k -> json(k, null)).toList());
    }

    @POST
    @Path("{id}/keys/{keyId}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotateKey(@PathParam("id") String id, @PathParam("keyId") String keyId, Rotation body) {
        long grace = body == null || body.graceSeconds() == null ? 0 : body.graceSeconds();
        IssuedApiKey issued = keys.rotate(new TenantId(id), new ApiKeyId(keyId), Duration.ofSeconds(grace));
        LOG.log(System.Logger.Level.INFO, "event=api_key_rotated tenant=" + id + " old_key=" + keyId
                + " new_key=" + issued.key().id() + " grace_seconds=" + grace);
        return Response.status(Response.Status.CREATED).entity(json(issued)).build();
    }

    @DELETE
    @Path("{id}/keys/{keyId}")
    public Response revokeKey(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        keys.revoke(new TenantId(id), new ApiKeyId(keyId));
        LOG.log(System.Logger.Level.INFO, "event=api_key_revoked tenant=" + id + " key=" + keyId);
        return Response.noContent().build();
    }

    private TenantJson json(Tenant t) {
        TierPolicy p = find.policyOf(t);
        return new TenantJson(t.id().value(), t.displayName(), t.tier().wireName(), t.state().wireName(),
                t.createdAt().toString(), new PolicyJson(p.requestsPerSecond(), p.burst(), p.eventsPerMonth(),
                p.maxCatalogItems(), lower(p.deploymentModel()), lower(p.endpoint()), lower(p.resourceClass()),
                p.monthlyPriceUsd()));
    }

    private static KeyJson json(IssuedApiKey issued) {
        return json(issued.key(), issued.secret());
    }

    private static KeyJson json(ApiKey k, String secret) {
        return new KeyJson(k.id().value(), k.label(), k.createdAt().toString(), text(k.expiresAt()),
                text(k.revokedAt()), secret);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Body of {@code POST /admin/v1/tenants}. */
    public record NewTenant(String id, String displayName, String tier) {
    }

    /** Body of {@code PATCH /admin/v1/tenants/{id}}. */
    public record TenantChange(String state, String displayName, String tier) {
    }

    /** Body of {@code POST .../keys}. */
    public record NewKey(String label) {
    }

    /** Body of {@code POST .../keys/{keyId}/rotate}. */
    public record Rotation(Long graceSeconds) {
    }

    /** A tenant on the wire. */
    public record TenantJson(String id, String displayName, String tier, String state, String createdAt,
                             PolicyJson policy) {
    }

    /** A tier policy on the wire. */
    public record PolicyJson(int requestsPerSecond, int burst, long eventsPerMonth, int maxCatalogItems,
                             String deploymentModel, String endpoint, String resourceClass,
                             BigDecimal monthlyPriceUsd) {
    }

    /** The tenant list. */
    public record TenantList(List<TenantJson> tenants) {
    }

    /** An API key on the wire; {@code secret} only in the answer that issued it. */
    public record KeyJson(String id, String label, String createdAt, String expiresAt, String revokedAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
    }

    /** A tenant's keys. */
    public record KeyList(List<KeyJson> keys) {
    }
}
