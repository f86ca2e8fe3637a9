package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Health for the orchestrator and per-tenant Prometheus metrics for the operator: the API port answers only a bare
 * liveness; metrics (which name every tenant) and detailed health are on the management port.
 */
class ObservabilityTest extends WithPlatform {

    @Test
    void health_reports_the_database_up_on_the_management_port() {
        TestPlatform.Reply health = platform.management("/observe/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.json().get("status").asText());
        assertEquals("database", health.json().get("checks").get(0).get("name").asText());
    }

    @Test
    void metrics_count_requests_per_tenant_and_route_template() {
        String key = platform.tenantWithKey("metered", "standard");
        for (int i = 0; i < 3; i++) {
            platform.send("GET", "/v1/items/sku-" + i, key, null);
        }
        String metrics = platform.management("/observe/metrics").body();
        String series = "shelfwise_requests_seconds_count{route=\"GET /v1/items/{id}\",scope=\"application\","
                + "status=\"404\",tenant=\"metered\",tier=\"standard\",}";
        assertTrue(metrics.contains(series + " 3"), () -> "no per-tenant series in:\n" + metrics.lines()
                .filter(l -> l.startsWith("shelfwise")).toList());
    }

    @Test
    void every_request_has_an_id_that_its_answer_and_its_log_records_carry() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.shelfwise.app.logging.ShelfwiseLogFormatter json = new io.shelfwise.app.logging.ShelfwiseLogFormatter(true);
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(json.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(
                io.shelfwise.app.web.AdminTenantsResource.class.getName());
        logger.addHandler(capture);
        try {
            TestPlatform.Reply created = platform.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(platform.baseUrl() + "/admin/v1/tenants"))
                    .header("Authorization", "Bearer " + TestPlatform.OPERATOR)
                    .header("Content-Type", "application/json").header("X-Request-Id", "req-observed-1")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"id\":\"logged-shop\",\"displayName\":\"Logged\",\"tier\":\"standard\"}")));
            assertEquals(201, created.status(), created.body());
            assertEquals("req-observed-1", created.header("X-Request-Id"));
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"request_id\":\"req-observed-1\"")
                    && l.contains("\"event\":\"tenant_registered\"") && l.contains("\"tenant\":\"logged-shop\"")),
                    lines.toString());
        } finally {
            logger.removeHandler(capture);
        }
        String generated = platform.send("GET", "/v1/items/sku-1", null, null).header("X-Request-Id");
        assertTrue(generated != null && generated.matches("[0-9a-f]{16}"), "a new id when none was sent: "
                + generated);
    }

    @Test
    void past_the_label_limit_tenants_are_counted_together_as_other() {
        try (TestPlatform small = TestPlatform.withServer(s -> s.withMetricsTenantLabels(1))) {
            String first = small.tenantWithKey("labelled", "standard");
            String second = small.tenantWithKey("unlabelled", "standard");
            String third = small.tenantWithKey("unlabelled-too", "standard");
            small.send("GET", "/v1/items/sku-1", first, null);
            small.send("GET", "/v1/items/sku-1", second, null);
            small.send("GET", "/v1/items/sku-1", third, null);
            String metrics = small.management("/observe/metrics").body();
            String prefix = "shelfwise_requests_seconds_count{route=\"GET /v1/items/{id}\",scope=\"application\","
                    + "status=\"404\",tenant=";
            assertTrue(metrics.contains(prefix + "\"labelled\",tier=\"standard\",} 1"), metrics);
            assertTrue(metrics.contains(prefix + "\"other\",tier=\"standard\",} 2"), metrics);
            assertFalse(metrics.contains("unlabelled"), "no series names a tenant past the limit");
        }
    }

    @Test
    void the_api_port_answers_a_bare_liveness_and_no_metrics() {
        TestPlatform.Reply health = platform.send("GET", "/observe/health", null, null);
        assertEquals(200, health.status());
        assertEquals("{\"status\":\"UP\"}", health.body());
        TestPlatform.Reply metrics = platform.send("GET", "/observe/metrics", null, null);
        assertEquals(404, metrics.status());
        assertEquals("application/problem+json", metrics.header("Content-Type"));
        assertFalse(metrics.body().contains("tenant="), metrics.body());
        assertEquals(404, platform.send("GET", "/observe/health/ready", null, null).status());
    }

    @Test
    void the_openapi_document_is_served() {
        TestPlatform.Reply doc = platform.send("GET", "/openapi", null, null);
        assertEquals(200, doc.status());
        assertTrue(doc.body().startsWith("openapi: 3.1"), doc.body().substring(0, Math.min(80, doc.body().length())));
    }
}
