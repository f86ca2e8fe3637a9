package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Health for the orchestrator and per-tenant Prometheus metrics for the operator. */
class ObservabilityTest extends WithPlatform {

    @Test
    void health_reports_the_database_up() {
        TestPlatform.Reply health = platform.send("GET", "/observe/health", null, null);
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
        String metrics = platform.send("GET", "/observe/metrics", null, null).body();
        String series = "shelfwise_requests_seconds_count{route=\"GET /v1/items/{id}\",scope=\"application\","
                + "status=\"404\",tenant=\"metered\",}";
        assertTrue(metrics.contains(series + " 3"), () -> "no per-tenant series in:\n" + metrics.lines()
                .filter(l -> l.startsWith("shelfwise")).toList());
    }

    @Test
    void the_openapi_document_is_served() {
        TestPlatform.Reply doc = platform.send("GET", "/openapi", null, null);
        assertEquals(200, doc.status());
        assertTrue(doc.body().startsWith("openapi: 3.1"), doc.body().substring(0, Math.min(80, doc.body().length())));
    }
}
