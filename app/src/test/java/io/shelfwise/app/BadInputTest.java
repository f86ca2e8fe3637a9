package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicy;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of bad request gets a specific problem answer, and never changes what was accepted before. */
class BadInputTest {
    private static final String NOW = Instant.now().minusSeconds(5).toString();
    private static TestPlatform platform;
    private static String key;

    @BeforeAll
    static void tenantWithAcceptedData() {
        // Standard gets a tiny catalog cap so the tier limit can be hit in a test.
        platform = TestPlatform.start(p -> p.with(p.of(Tier.STANDARD).withLimits(1000, 1000, 1_000_000, 3)));
        key = platform.tenantWithKey("careful", "standard");
        assertEquals(200, platform.send("PUT", "/v1/items", key,
                "{\"items\":[{\"id\":\"sku-1\",\"title\":\"Kept\",\"price\":10,\"currency\":\"EUR\",\"inStock\":true}]}")
                .status());
        assertEquals(200, platform.send("POST", "/v1/events", key, batch(List.of(view("kept-1")))).status());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @AfterEach
    void acceptedDataIsUnchanged() {
        TestPlatform.Reply item = platform.send("GET", "/v1/items/sku-1", key, null);
        assertEquals("Kept", item.json().get("title").asText());
        assertEquals(10, item.json().get("price").asInt());
        TestPlatform.Reply events = platform.send("GET", "/v1/events?userId=u1", key, null);
        assertEquals(1, events.json().get("events").size(), "only the accepted event is stored: " + events);
    }

    @Test
    void malformed_json_is_a_400_problem() {
        TestPlatform.Reply reply = platform.send("POST", "/v1/events", key, "{\"events\": [ {\"eventId\": ");
        assertProblem(reply, 400, "malformed-json");
        assertTrue(reply.json().get("detail").asText().contains("line 1"), reply.body());
    }

    @Test
    void wrong_types_name_the_field() {
        TestPlatform.Reply reply = platform.send("POST", "/v1/events", key, """
                {"events":[{"eventId":"x1","type":"purchase","userId":"u1","itemIds":["sku-1"],
                            "quantity":"two","price":1,"currency":"EUR","timestamp":"%s"}]}""".formatted(NOW));
        assertProblem(reply, 422, "validation");
        assertEquals(List.of("events[0].quantity"), reply.problemFields());
        assertEquals("must be an integer", reply.json().get("errors").get(0).get("message").asText());
    }

    @Test
    void a_string_where_an_array_belongs_names_the_field() {
        TestPlatform.Reply reply = platform.send("PUT", "/v1/items", key,
                "{\"items\":[{\"id\":\"sku-9\",\"title\":\"T\",\"inStock\":true,\"categoryPath\":\"Shoes\"}]}");
        assertProblem(reply, 422, "validation");
        assertEquals(List.of("items[0].categoryPath"), reply.problemFields());
    }

    @Test
    void unknown_event_type_lists_the_known_ones_and_rejects_the_whole_batch() {
        TestPlatform.Reply reply = platform.send("POST", "/v1/events", key, batch(List.of(view("ok-1"),
                view("bad-1").replace("\"view\"", "\"viewed\""))));
        assertProblem(reply, 422, "validation");
        assertEquals(List.of("events[1].type"), reply.problemFields());
        assertTrue(reply.json().get("errors").get(0).get("message").asText().contains("add_to_cart"));
    }

    @Test
    void every_invalid_field_of_every_event_is_reported_at_once() {
        TestPlatform.Reply reply = platform.send("POST", "/v1/events", key, """
                {"events":[{"eventId":"f1","type":"purchase","userId":"u1","itemIds":["sku-1"],"timestamp":"%s"},
                           {"eventId":"f2","type":"view","itemIds":["sku-1"],"timestamp":"2999-01-01T00:00:00Z"}]}"""
                .formatted(NOW));
        assertEquals(List.of("events[0].quantity", "events[0].price", "events[0].currency", "events[1].userId",
                "events[1].timestamp"), reply.problemFields());
    }

    @Test
    void a_price_storage_cannot_keep_exactly_is_refused_rather_than_rounded() {
        TestPlatform.Reply reply = platform.send("PUT", "/v1/items", key,
                "{\"items\":[{\"id\":\"sku-1\",\"title\":\"Changed\",\"price\":10.123456,\"currency\":\"EUR\","
                        + "\"inStock\":true}]}");
        assertProblem(reply, 422, "validation");
        assertEquals(List.of("items[0].price"), reply.problemFields());
    }

    @Test
    void oversized_batch_is_413() {
        String events = IntStream.range(0, 501).mapToObj(i -> view("big-" + i)).collect(Collectors.joining(","));
        TestPlatform.Reply reply = platform.send("POST", "/v1/events", key, "{\"events\":[" + events + "]}");
        assertProblem(reply, 413, "payload-too-large");
        assertEquals(List.of("events"), reply.problemFields());
    }

    @Test
    void body_over_one_mebibyte_is_413() {
        String title = "x".repeat(400);
        String items = IntStream.range(0, 3000).mapToObj(i -> "{\"id\":\"i" + i + "\",\"title\":\"" + title
                + "\",\"inStock\":true}").collect(Collectors.joining(","));
        TestPlatform.Reply reply = platform.send("PUT", "/v1/items", key, "{\"items\":[" + items + "]}");
        assertProblem(reply, 413, "payload-too-large");
    }

    @Test
    void missing_credentials_are_401_with_a_bearer_challenge() {
        TestPlatform.Reply reply = platform.send("GET", "/v1/items", null, null);
        assertProblem(reply, 401, "unauthenticated");
        assertEquals("Bearer", reply.header("WWW-Authenticate"));
        assertProblem(platform.send("GET", "/v1/items", "sw_key_aaaaaaaaaaaaaaaa_" + "A".repeat(40), null), 401,
                "unauthenticated");
    }

    @Test
    void revoked_key_is_rejected_with_401() {
        String doomed = platform.newKey("careful");
        assertEquals(200, platform.send("GET", "/v1/items", doomed, null).status());
        String keyId = doomed.substring(3, 23);
        assertEquals(204, platform.send("DELETE", "/admin/v1/tenants/careful/keys/" + keyId, TestPlatform.OPERATOR,
                null).status());
        assertProblem(platform.send("GET", "/v1/items", doomed, null), 401, "unauthenticated");
    }

    @Test
    void suspended_tenant_is_refused_with_403_until_reactivated() {
        String other = platform.tenantWithKey("paused", "standard");
        assertEquals(200, platform.send("PATCH", "/admin/v1/tenants/paused", TestPlatform.OPERATOR,
                "{\"state\":\"suspended\"}").status());
        assertProblem(platform.send("GET", "/v1/items", other, null), 403, "forbidden");
        platform.send("PATCH", "/admin/v1/tenants/paused", TestPlatform.OPERATOR, "{\"state\":\"active\"}");
        assertEquals(200, platform.send("GET", "/v1/items", other, null).status());
    }

    @Test
    void non_json_body_is_415() {
        assertProblem(platform.send("POST", "/v1/events", key, "eventId=1", "text/plain"), 415,
                "unsupported-media-type");
    }

    @Test
    void unknown_route_is_a_404_problem() {
        assertProblem(platform.send("GET", "/v1/nothing-here", key, null), 404, "not-found");
    }

    @Test
    void malformed_query_parameter_is_422_not_404() {
        TestPlatform.Reply reply = platform.send("GET", "/v1/recommendations/popular?limit=lots", key, null);
        assertProblem(reply, 422, "validation");
        assertEquals(List.of("limit"), reply.problemFields());
    }

    @Test
    void catalog_beyond_the_tier_cap_is_refused_whole() {
        TestPlatform.Reply reply = platform.send("PUT", "/v1/items", key, """
                {"items":[{"id":"n1","title":"N","inStock":true},{"id":"n2","title":"N","inStock":true},
                          {"id":"n3","title":"N","inStock":true}]}""");
        assertProblem(reply, 422, "quota-exceeded");
        assertEquals(404, platform.send("GET", "/v1/items/n1", key, null).status());
    }

    @Test
    void too_many_requests_get_429_with_retry_after() {
        String flood = platform.tenantWithKey("flooder", "enterprise");
        TestPlatform limited = TestPlatform.start(p -> p.with(p.of(Tier.STANDARD).withLimits(1, 2, 100, 100)));
        try {
            String slow = limited.tenantWithKey("slow", "standard");
            TestPlatform.Reply last = null;
            for (int i = 0; i < 5; i++) {
                last = limited.send("GET", "/v1/items", slow, null);
            }
            assertProblem(last, 429, "rate-limited");
            assertNotNull(last.header("Retry-After"));
            assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1);
        } finally {
            limited.close();
        }
        assertEquals(200, platform.send("GET", "/v1/items", flood, null).status());
    }

    private static void assertProblem(TestPlatform.Reply reply, int status, String type) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.header("Content-Type"));
        assertEquals("https://shelfwise.io/problems/" + type, reply.json().get("type").asText());
        assertEquals(status, reply.json().get("status").asInt());
        assertTrue(reply.json().get("detail").asText().length() > 5, reply.body());
    }

    private static String view(String id) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"view\",\"userId\":\"u1\",\"itemIds\":[\"sku-1\"],"
                + "\"timestamp\":\"" + NOW + "\"}";
    }

    private static String batch(List<String> events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }
}
