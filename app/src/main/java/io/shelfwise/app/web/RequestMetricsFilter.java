package io.shelfwise.app.web;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.shelfwise.app.logging.RequestLogContext;
import io.shelfwise.app.tracing.Tracing;
import io.shelfwise.fleet.Slo;
import io.shelfwise.fleet.port.in.RecordTraffic;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Per-tenant request count and latency ({@code shelfwise_requests_seconds}), tagged with the tenant (a bounded set
 * of them, see {@link TenantLabels}), the route template
 * (never the raw path, which would explode the number of series) and the status; each tenant request is also
 * told to the fleet view's own time series ({@link RecordTraffic}). Also gives every request its id
 * ({@code X-Request-Id}, answered back) for the log records written while it runs, and, with tracing on, a
 * server span that continues the caller's {@code traceparent}.
 */
@PreMatching
public final class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String STARTED = "shelfwise.started";

    private static final String NAME = "shelfwise.requests";
    private static final String SPAN = "shelfwise.span";
    private static final String SCOPE = "shelfwise.span.scope";
    private static final TextMapGetter<ContainerRequestContext> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ContainerRequestContext carrier) {
            return carrier.getHeaders().keySet();
        }

        @Override
        public String get(ContainerRequestContext carrier, String key) {
            return carrier == null ? null : carrier.getHeaderString(key);
        }
    };
    /** The request's id: the caller's, when a plain token, or a new one; answered in the same header. */
    static final String REQUEST_ID = "X-Request-Id";
    /** Histogram buckets at every tier's p99 promise (and 1 s), so alerts can count the requests over it. */
    private static final Duration[] SLO_BUCKETS = java.util.stream.Stream.concat(
                    java.util.Arrays.stream(Tier.values()).map(t -> (long) Slo.of(t).p99Millis()),
                    java.util.stream.Stream.of(1000L))
            .distinct().sorted().map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    /**
     * The timers by (tenant label, route, status, tier): the registry's own lookup builds an id and searches for it
     * on every call, ~3 % of a cheap request's CPU.
     */
    private final Map<List<String>, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final RecordTraffic traffic;
    private final TenantLabels labels;

    private final Tracing tracing;

    public RequestMetricsFilter(MeterRegistry registry, RecordTraffic traffic, TenantLabels labels, Tracing tracing) {
        this.registry = registry;
        this.traffic = traffic;
        this.labels = labels;
        this.tracing = tracing;
    }

    /**
     * Names the busiest tenants in the {@code tenant} label from now on and removes the series of those no longer
     * named (their next requests count under {@value TenantLabels#OTHER}).
     */
    public void rerank(Map<TenantId, Long> requestsByTenant) {
        Map<String, Long> byLabel = new java.util.HashMap<>();
        requestsByTenant.forEach((tenant, n) -> byLabel.put(tenant.value(), n));
        Set<String> dropped = labels.rerank(byLabel);
        if (!dropped.isEmpty()) {
            timers.keySet().removeIf(key -> dropped.contains(key.getFirst()));
            registry.meters(m -> m.id().name().equals(NAME) && dropped.contains(m.id().tagsMap().get("tenant")))
                    .forEach(registry::remove);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
        request.setProperty(REQUEST_ID, RequestLogContext.start(request.getHeaderString(REQUEST_ID)));
        if (tracing.enabled()) {
            Context parent = tracing.openTelemetry().getPropagators().getTextMapPropagator()
                    .extract(Context.root(), request, HEADERS);
            Span span = tracing.tracer().spanBuilder(request.getMethod()).setParent(parent)
                    .setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", request.getMethod())
                    .setAttribute("shelfwise.request_id", (String) request.getProperty(REQUEST_ID))
                    .startSpan();
            request.setProperty(SPAN, span);
            request.setProperty(SCOPE, span.makeCurrent());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(REQUEST_ID);
        if (requestId != null) {
            response.getHeaders().putSingle(REQUEST_ID, requestId);
        }
        RequestLogContext.clear();
        String route = route(request.getUriInfo());
        if (request.getProperty(SPAN) instanceof Span span) {
            span.updateName(request.getMethod() + " " + route);
            span.setAttribute("http.route", route);
            span.setAttribute("http.response.status_code", response.getStatus());
            if (response.getStatus() >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
            if (request.getProperty(SCOPE) instanceof Scope scope) {
                scope.close();
            }
        }
        Object started = request.getProperty(STARTED);
        if (!(started instanceof Long start)) {
            return;
        }
        TenantAccess access = request.getProperty(AuthenticationFilter.ACCESS_PROPERTY) instanceof TenantAccess a
                ? a : null;
        List<String> key = List.of(access == null ? "-" : labels.label(access.tenantId().value()),
                request.getMethod() + " " + route, Integer.toString(response.getStatus()),
                access == null ? "-" : access.policy().tier().wireName());
        Timer timer = timers.computeIfAbsent(key, k -> registry.getOrCreate(Timer.builder(NAME)
                .description("Tenant and admin API requests by tenant, route and status")
                .tags(List.of(Tag.create("tenant", k.get(0)), Tag.create("route", k.get(1)),
                        Tag.create("status", k.get(2)), Tag.create("tier", k.get(3))))
                .buckets(SLO_BUCKETS)));
        long nanos = System.nanoTime() - start;
        timer.record(nanos, TimeUnit.NANOSECONDS);
        if (access != null) {
            traffic.request(access.tenantId(), nanos, response.getStatus());
        }
    }

    private static String route(UriInfo uriInfo) {
        if (uriInfo instanceof ExtendedUriInfo extended) {
            List<UriTemplate> templates = extended.getMatchedTemplates();
            if (!templates.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (int i = templates.size() - 1; i >= 0; i--) {
                    String t = templates.get(i).getTemplate();
                    if (!t.startsWith("/") && (sb.isEmpty() || sb.charAt(sb.length() - 1) != '/')) {
                        sb.append('/');
                    }
                    sb.append(t);
                }
                return sb.toString();
            }
        }
        return "unmatched";
    }
}
