package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metering per tenant and billing period, and the fleet-wide CSV export. */
class UsageTest extends WithPlatform {
    private static final String PERIOD = YearMonth.now(ZoneOffset.UTC).toString();

    @Test
    void requests_events_and_active_shoppers_are_metered_per_tenant() {
        String key = platform.tenantWithKey("metered-a", "premium");
        String other = platform.tenantWithKey("metered-b", "standard");
        String now = Instant.now().minusSeconds(5).toString();
        platform.send("POST", "/v1/events", key, """
                {"events":[{"eventId":"1","type":"view","userId":"u1","itemIds":["x"],"timestamp":"%1$s"},
                           {"eventId":"2","type":"view","userId":"u1","itemIds":["y"],"timestamp":"%1$s"},
                           {"eventId":"3","type":"view","anonymousId":"anon-9","itemIds":["x"],"timestamp":"%1$s"}]}"""
                .formatted(now));
        platform.send("POST", "/v1/events", key, """
                {"events":[{"eventId":"1","type":"view","userId":"u1","itemIds":["x"],"timestamp":"%s"}]}"""
                .formatted(now));
        for (int i = 0; i < 4; i++) {
            platform.send("GET", "/v1/recommendations/popular", key, null);
        }
        platform.send("GET", "/v1/recommendations/popular", other, null);

        JsonNode usage = platform.send("GET", "/admin/v1/tenants/metered-a/usage?period=" + PERIOD, OP, null).json();
        assertEquals("premium", usage.get("tier").asText());
        assertEquals(4, usage.get("usage").get("recommendation_requests").asLong());
        assertEquals(3, usage.get("usage").get("events_accepted").asLong(), "the retried event is not billed");
        assertEquals(2, usage.get("usage").get("active_shoppers").asLong());
        assertEquals(50_000_000, usage.get("eventsIncluded").asLong());
        assertEquals(2499, usage.get("priceUsd").asInt());
    }

    @Test
    void the_fleet_export_is_csv_with_one_row_per_tenant() {
        platform.tenantWithKey("csv-one", "standard");
        TestPlatform.Reply csv = platform.send("GET", "/admin/v1/usage?period=" + PERIOD, OP, null);
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("period,tenant,tier,recommendation_requests,events_accepted,active_shoppers,models_trained,"
                + "events_included,price_usd", lines.get(0));
        assertTrue(lines.contains(PERIOD + ",csv-one,standard,0,0,0,0,5000000,499"), csv.body());
    }

    @Test
    void a_malformed_period_is_422_and_an_unknown_tenant_404() {
        TestPlatform.Reply bad = platform.send("GET", "/admin/v1/usage?period=November", OP, null);
        assertEquals(422, bad.status());
        assertEquals(List.of("period"), bad.problemFields());
        assertEquals(404, platform.send("GET", "/admin/v1/tenants/nobody/usage", OP, null).status());
        assertEquals(401, platform.send("GET", "/admin/v1/usage", null, null).status());
    }
}
