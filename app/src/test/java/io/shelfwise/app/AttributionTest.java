package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clicks and purchases that cite a served list's recommendation id are attributed to its surface. */
class AttributionTest extends WithPlatform {
    @Test
    void clicks_and_purchases_citing_a_list_are_attributed_to_its_surface_with_revenue() {
        String key = platform.tenantWithKey("attributed", "premium");
        String other = platform.tenantWithKey("unrelated", "premium");
        platform.send("PUT", "/v1/items", key, "{\"items\":[{\"id\":\"sku-1\",\"title\":\"One\",\"inStock\":true}]}");
        JsonNode list = platform.send("GET", "/v1/recommendations/home?userId=u1", key, null).json();
        String recommendationId = list.get("recommendationId").asText();
        platform.send("GET", "/v1/recommendations/popular", key, null);
        String now = Instant.now().minusSeconds(1).toString();
        assertEquals(200, platform.send("POST", "/v1/events", key, """
                {"events":[
                  {"eventId":"c1","type":"click","userId":"u1","itemIds":["sku-1"],"recommendationId":"%1$s",
                   "timestamp":"%2$s"},
                  {"eventId":"p1","type":"purchase","userId":"u1","itemIds":["sku-1"],"quantity":2,"price":10.5,
                   "currency":"EUR","recommendationId":"%1$s","timestamp":"%2$s"},
                  {"eventId":"c2","type":"click","userId":"u1","itemIds":["sku-1"],"recommendationId":"unknown-id",
                   "timestamp":"%2$s"}]}""".formatted(recommendationId, now)).status());
        platform.send("POST", "/v1/events", other, """
                {"events":[{"eventId":"x1","type":"click","userId":"u1","itemIds":["sku-1"],
                            "recommendationId":"%s","timestamp":"%s"}]}""".formatted(recommendationId, now));

        JsonNode report = platform.send("GET", "/v1/recommendations/attribution", key, null).json();
        JsonNode home = surface(report, "home");
        assertEquals(1, home.get("listsServed").asLong());
        assertEquals(1, home.get("clicks").asLong(), "the click citing an unknown list and the other tenant's "
                + "click citing this id count nothing");
        assertEquals(1, home.get("purchases").asLong());
        assertEquals(21.0, home.get("revenue").asDouble());
        assertEquals(0, surface(report, "popular").get("clicks").asLong());

        JsonNode otherReport = platform.send("GET", "/v1/recommendations/attribution", other, null).json();
        assertTrue(otherReport.get("surfaces").isEmpty(), otherReport.toString());
        assertEquals(List.of("period"), platform.send("GET", "/v1/recommendations/attribution?period=2026-13",
                key, null).problemFields());
    }

    private static JsonNode surface(JsonNode report, String name) {
        for (JsonNode s : report.get("surfaces")) {
            if (s.get("surface").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no " + name + " in " + report);
    }
}
