package io.shelfwise.app.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;

/**
 * Traces across the hexagon with OpenTelemetry: a server span per HTTP request (continuing the caller's W3C
 * {@code traceparent}), and a child span per call of the outbound ports the app wraps with {@link #traced}
 * (SQL stores, model artifacts), exported over OTLP/HTTP to {@code SHELFWISE_OTLP_ENDPOINT} (a collector such as
 * {@code http://otel-collector:4318}). Without an endpoint tracing is off and costs nothing: ports are not
 * wrapped, and the request filter finds no tracer.
 */
public final class Tracing implements AutoCloseable {
    private static final AttributeKey<String> TENANT = AttributeKey.stringKey("shelfwise.tenant");

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.tracer = sdk == null ? null : sdk.getTracer("io.shelfwise");
    }

    /**
     * From the environment: {@code SHELFWISE_OTLP_ENDPOINT} (off when absent) and
     * {@code SHELFWISE_OTLP_DELAY_MS} (how long spans are batched before export, 5,000 by default).
     */
    public static Tracing from(Map<String, String> env) {
        String endpoint = env.getOrDefault("SHELFWISE_OTLP_ENDPOINT", "").strip();
        if (endpoint.isEmpty()) {
            return new Tracing(null);
        }
        Duration delay = Duration.ofMillis(Long.parseLong(env.getOrDefault("SHELFWISE_OTLP_DELAY_MS", "5000")));
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint.replaceAll("/+$", "") + "/v1/traces").build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "shelfwise"))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(delay).build())
                .build();
        return new Tracing(OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build());
    }

    public boolean enabled() {
        return sdk != null;
    }

    /** The SDK, or the no-op implementation when tracing is off. */
    public OpenTelemetry openTelemetry() {
        return sdk == null ? OpenTelemetry.noop() : sdk;
    }

    /** The platform's tracer (a no-op one when tracing is off). */
    public Tracer tracer() {
        return tracer != null ? tracer : OpenTelemetry.noop().getTracer("io.shelfwise");
    }

    /**
     * {@code port} with a span around each call ({@code EventStore.appendNew}, ...), a child of the request's
     * span; the adapter's failures are recorded on it by type. Returns the adapter itself when tracing is off.
     */
    public <T> T traced(Class<T> port, T adapter) {
        if (sdk == null) {
            return adapter;
        }
        String prefix = port.getSimpleName() + ".";
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(adapter, args);
            }
            Span span = tracer.spanBuilder(prefix + method.getName()).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                return method.invoke(adapter, args);
            } catch (InvocationTargetException e) {
                span.setStatus(StatusCode.ERROR, e.getCause().getClass().getName());
                throw e.getCause();
            } finally {
                span.end();
            }
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[]{port}, handler));
    }

    /** Names the tenant on the current span, once the request is authenticated. */
    public static void tenant(String tenant) {
        Span.current().setAttribute(TENANT, tenant);
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
