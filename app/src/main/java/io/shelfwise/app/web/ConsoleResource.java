package io.shelfwise.app.web;

import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.fleet.FleetProblem;
import io.shelfwise.fleet.FleetRow;
import io.shelfwise.fleet.TenantTelemetry;
import io.shelfwise.fleet.TenantView;
import io.shelfwise.fleet.port.in.OperateFleet;
import io.shelfwise.fleet.port.in.ViewFleet;
import io.shelfwise.metering.UsageMetric;
import io.shelfwise.onboarding.StepRecord;
import io.shelfwise.provisioning.port.in.ChangeTier;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.rollout.port.in.ManageRollouts;
import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.port.in.ManageApiKeys;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /console}: the operator's web console, a page with its script, styles and charting library served from
 * this process, and the JSON it reads. Anyone may load the page; every {@code api/} call but login needs the session
 * cookie that login sets, and every action also the session's CSRF token in {@code X-CSRF-Token}.
 */
@Audience(Audience.Caller.PUBLIC)
@Path("console")
public final class ConsoleResource {
    static final String COOKIE = "shelfwise_console";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The charting library, Apache ECharts, from its npm package as published on Maven Central by WebJars. */
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final Map<String, Asset> ASSETS = Map.of(
            "console.js", new Asset("/console/console.js", "text/javascript; charset=utf-8"),
            "console.css", new Asset("/console/console.css", "text/css; charset=utf-8"),
            "echarts.min.js", new Asset(ECHARTS, "text/javascript; charset=utf-8"));
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final ConsoleSessions sessions;
    private final ViewFleet fleet;
    private final OperateFleet operate;
    private final ManageApiKeys keys;
    private final ChangeTier changeTier;
    private final ManageRollouts rollouts;
    private final Clock clock;
    private final Duration sessionTtl;

    @Context
    private SecurityContext security;

    public ConsoleResource(ConsoleSessions sessions, ViewFleet fleet, OperateFleet operate, ManageApiKeys keys,
                           ChangeTier changeTier, ManageRollouts rollouts, Duration sessionTtl, Clock clock) {
        this.rollouts = rollouts;
        this.sessions = sessions;
        this.fleet = fleet;
        this.operate = operate;
        this.keys = keys;
        this.changeTier = changeTier;
        this.sessionTtl = sessionTtl;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        return asset(new Asset("/console/index.html", "text/html; charset=utf-8"));
    }

    @GET
    @Path("assets/{name}")
    public Response asset(@PathParam("name") String name) {
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            throw new NotFoundException("console asset", name);
        }
        return asset(asset);
    }

    @POST
    @Path("api/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response login(Login body, @HeaderParam("X-Forwarded-Proto") String forwardedProto) {
        ConsoleSessions.Session session = sessions.login(body == null ? null : body.token());
        boolean secure = security.isSecure() || "https".equalsIgnoreCase(forwardedProto);
        NewCookie cookie = new NewCookie.Builder(COOKIE).value(session.id()).path("/console").httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.STRICT).maxAge((int) sessionTtl.toSeconds()).build();
        return Response.ok(json(session)).cookie(cookie).cacheControl(noStore()).build();
    }

    @GET
    @Path("api/session")
    @Produces(MediaType.APPLICATION_JSON)
    public SessionJson session(@CookieParam(COOKIE) String sessionId) {
        return json(sessions.require(sessionId));
    }

    @POST
    @Path("api/logout")
    public Response logout(@CookieParam(COOKIE) String sessionId, @HeaderParam(CSRF_HEADER) String csrf) {
        ConsoleSessions.Session session = sessions.require(sessionId);
        sessions.requireCsrf(session, csrf);
        sessions.logout(sessionId);
        return Response.noContent().cookie(new NewCookie.Builder(COOKIE).value("").path("/console").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build()).build();
    }

    @GET
    @Path("api/fleet")
    @Produces(MediaType.APPLICATION_JSON)
    public FleetJson overview(@CookieParam(COOKIE) String sessionId) {
        sessions.require(sessionId);
        long started = System.nanoTime();
        List<FleetRow> rows = fleet.overview();
        Map<String, Integer> problems = new LinkedHashMap<>();
        for (FleetProblem p : FleetProblem.values()) {
            problems.put(p.wireName(), 0);
        }
        List<RowJson> tenants = rows.stream().map(r -> {
            r.problems().forEach(p -> problems.merge(p.wireName(), 1, Integer::sum));
            return json(r);
        }).toList();
        return new FleetJson(clock.instant().toString(), tenants.size(), problems, tenants,
                (System.nanoTime() - started) / 1_000_000.0);
    }

    @GET
    @Path("api/tenants/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public TenantJson tenant(@CookieParam(COOKIE) String sessionId, @PathParam("id") String id) {
        sessions.require(sessionId);
        TenantView view = fleet.tenant(tenantId(id));
        Map<String, Long> usage = new LinkedHashMap<>();
        for (UsageMetric m : UsageMetric.values()) {
            usage.put(m.key(), view.usage().get(m));
        }
        return new TenantJson(json(view.row()),
                new SloJson(view.slo().availability(), view.slo().p99Millis()),
                Map.of("minute", points(view.minutes()), "hour", points(view.hours()), "day", points(view.days())),
                view.models().stream().map(ConsoleResource::json).toList(),
                view.onboarding() == null ? List.of() : view.onboarding().steps().values().stream()
                        .map(ConsoleResource::json).toList(),
                new UsageJson(view.usage().period().toString(), usage, view.usage().eventsIncluded(),
                        view.usage().priceUsd().toPlainString()),
                view.keys().stream().map(ConsoleResource::json).toList());
    }

    @GET
    @Path("api/rollouts")
    @Produces(MediaType.APPLICATION_JSON)
    public AdminRolloutsResource.RolloutsJson rollouts(@CookieParam(COOKIE) String sessionId) {
        sessions.require(sessionId);
        return new AdminRolloutsResource.RolloutsJson(rollouts.list().stream().limit(10)
                .map(AdminRolloutsResource::json).toList());
    }

    @POST
    @Path("api/rollouts/{id}/{action}")
    @Produces(MediaType.APPLICATION_JSON)
    public AdminRolloutsResource.RolloutJson rolloutAction(@CookieParam(COOKIE) String sessionId,
                                                           @HeaderParam(CSRF_HEADER) String csrf,
                                                           @PathParam("id") String id,
                                                           @PathParam("action") String action) {
        sessions.requireAction(sessionId, csrf);
        return AdminRolloutsResource.json(switch (action) {
            case "pause" -> rollouts.pause(id);
            case "resume" -> rollouts.resume(id);
            case "abort" -> rollouts.abort(id);
            default -> throw new NotFoundException("rollout action", action);
        });
    }

    @POST
    @Path("api/tenants/{id}/models/rollback")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelJson rollback(@CookieParam(COOKIE) String sessionId, @HeaderParam(CSRF_HEADER) String csrf,
                              @PathParam("id") String id) {
        sessions.requireAction(sessionId, csrf);
        return json(operate.rollbackModel(tenantId(id)));
    }

    @POST
    @Path("api/tenants/{id}/models/{version}/promote")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelJson promote(@CookieParam(COOKIE) String sessionId, @HeaderParam(CSRF_HEADER) String csrf,
                             @PathParam("id") String id, @PathParam("version") String version) {
        sessions.requireAction(sessionId, csrf);
        int v = Bodies.intParam("version", version, 0);
        if (v < 1) {
            throw ValidationException.of("version", "must be a version number (1, 2, ...), not '" + version + "'");
        }
        return json(operate.promoteModel(tenantId(id), v));
    }

    @POST
    @Path("api/tenants/{id}/keys/{keyId}/revoke")
    public Response revoke(@CookieParam(COOKIE) String sessionId, @HeaderParam(CSRF_HEADER) String csrf,
                           @PathParam("id") String id, @PathParam("keyId") String keyId) {
        sessions.requireAction(sessionId, csrf);
        keys.revoke(tenantId(id), new ApiKeyId(keyId));
        return Response.noContent().build();
    }

    @POST
    @Path("api/tenants/{id}/tier")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RowJson tier(@CookieParam(COOKIE) String sessionId, @HeaderParam(CSRF_HEADER) String csrf,
                        @PathParam("id") String id, TierChange body) {
        sessions.requireAction(sessionId, csrf);
        if (body == null || body.tier() == null) {
            throw ValidationException.of("tier", "give the new tier: standard, premium or enterprise");
        }
        Tier tier;
        try {
            tier = Tier.valueOf(body.tier().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("tier", "must be standard, premium or enterprise, not '" + body.tier() + "'");
        }
        changeTier.changeTier(tenantId(id), tier);
        return json(fleet.tenant(tenantId(id)).row());
    }

    private static TenantId tenantId(String raw) {
        try {
            return new TenantId(raw);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("id", e.getMessage());
        }
    }

    private static Response asset(Asset asset) {
        InputStream in = ConsoleResource.class.getResourceAsStream(asset.resource());
        if (in == null) {
            throw new NotFoundException("console asset", asset.resource());
        }
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CacheControl cache = new CacheControl();
        cache.setNoCache(true);
        return Response.ok(bytes).header(HttpHeaders.CONTENT_TYPE, asset.mediaType()).cacheControl(cache)
                .header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").build();
    }

    private static CacheControl noStore() {
        CacheControl c = new CacheControl();
        c.setNoStore(true);
        return c;
    }

    private static SessionJson json(ConsoleSessions.Session s) {
        return new SessionJson(s.role().name().toLowerCase(Locale.ROOT), s.csrfToken(), s.expiresAt().toString());
    }

    private RowJson json(FleetRow r) {
        FleetRow.ModelInfo m = r.model();
        FleetRow.OnboardingStatus o = r.onboarding();
        Instant now = clock.instant();
        return new RowJson(r.tenant().id().value(), r.tenant().displayName(), r.tenant().tier().wireName(),
                r.tenant().state().name().toLowerCase(Locale.ROOT),
                o == null ? null : new OnboardingJson(o.id(), o.state(), o.step(), o.stepsDone(), o.steps()),
                finite(r.traffic().requestsPerSecond()), finite(r.traffic().p99Millis()),
                finite(r.traffic().errorRate()), r.eventsLastDay(), r.activeShoppers(),
                m == null ? null : new ModelSummaryJson(m.version(),
                        Duration.between(m.createdAt(), now).toMinutes() / 60.0, m.metric(), finite(m.score()),
                        m.opponent(), finite(m.opponentScore())),
                r.eventsUsed(), r.eventsIncluded(),
                r.eventsIncluded() == 0 ? null : (double) r.eventsUsed() / r.eventsIncluded(),
                r.problems().stream().map(FleetProblem::wireName).sorted().toList());
    }

    private static List<PointJson> points(List<TenantTelemetry.Point> points) {
        return points.stream().map(p -> new PointJson(p.start().toEpochMilli(), p.requests(), p.errors(), p.events(),
                finite(p.requestsPerSecond()), finite(p.p99Millis()), p.served(), p.clicks(), p.purchases(),
                finite(p.clickThrough()), finite(p.conversion()))).toList();
    }

    private static ModelJson json(ModelVersion v) {
        Map<String, String> surfaces = new LinkedHashMap<>();
        v.gate().choices().forEach((surface, choice) -> surfaces.put(surface.wireName(), choice.wireName()));
        return new ModelJson(v.version(), v.status().name().toLowerCase(Locale.ROOT), v.createdAt().toString(),
                v.trainedUntil() == null ? null : v.trainedUntil().toString(), v.gate().metric(),
                finite(v.gate().candidateScore()), v.gate().opponent(), finite(v.gate().opponentScore()),
                v.gate().passed(), surfaces);
    }

    private static StepJson json(StepRecord s) {
        return new StepJson(s.step().wireName(), s.state().name().toLowerCase(Locale.ROOT), s.attempts(),
                s.startedAt() == null ? null : s.startedAt().toString(),
                s.finishedAt() == null ? null : s.finishedAt().toString());
    }

    private static KeyJson json(ApiKey k) {
        return new KeyJson(k.id().value(), k.label(), k.createdAt().toString(),
                k.expiresAt() == null ? null : k.expiresAt().toString(),
                k.revokedAt() == null ? null : k.revokedAt().toString());
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private record Asset(String resource, String mediaType) {
    }

    public record Login(String token) {
    }

    public record TierChange(String tier) {
    }

    public record SessionJson(String role, String csrfToken, String expiresAt) {
    }

    public record FleetJson(String generatedAt, int tenantCount, Map<String, Integer> problems, List<RowJson> tenants,
                            double serverMillis) {
    }

    public record OnboardingJson(String id, String state, String step, int stepsDone, int steps) {
    }

    public record ModelSummaryJson(int version, double ageHours, String metric, Double score, String opponent,
                                   Double opponentScore) {
    }

    public record RowJson(String id, String displayName, String tier, String state, OnboardingJson onboarding,
                          Double requestsPerSecond, Double p99Millis, Double errorRate, long eventsLastDay,
                          Long activeShoppers, ModelSummaryJson model, long eventsUsed, long eventsIncluded,
                          Double quotaShare, List<String> problems) {
    }

    public record SloJson(double availability, double p99Millis) {
    }

    public record PointJson(long t, long requests, long errors, long events, Double requestsPerSecond,
                            Double p99Millis, long served, long clicks, long purchases, Double clickThrough,
                            Double conversion) {
    }

    public record ModelJson(int version, String status, String createdAt, String trainedUntil, String metric,
                            Double score, String opponent, Double opponentScore, boolean passed,
                            Map<String, String> surfaces) {
    }

    public record StepJson(String name, String state, int attempts, String startedAt, String finishedAt) {
    }

    public record UsageJson(String period, Map<String, Long> usage, long eventsIncluded, String priceUsd) {
    }

    public record KeyJson(String id, String label, String createdAt, String expiresAt, String revokedAt) {
    }

    public record TenantJson(RowJson row, SloJson slo, Map<String, List<PointJson>> series, List<ModelJson> models,
                             List<StepJson> onboarding, UsageJson usage, List<KeyJson> keys) {
    }
}
