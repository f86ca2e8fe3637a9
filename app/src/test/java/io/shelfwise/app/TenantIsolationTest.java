package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenant A's key never reads or writes tenant B's data, through any endpoint. */
class TenantIsolationTest {
    private static final String RECENT = java.time.Instant.now().minusSeconds(60).toString();
    private static TestPlatform platform;
    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void twoTenantsWithData() {
        platform = TestPlatform.start();
        keyA = platform.tenantWithKey("store-a", "standard");
        keyB = platform.tenantWithKey("store-b", "premium");
        assertEquals(200, platform.send("PUT", "/v1/items", keyA, """
                {"items":[{"id":"a-only","title":"A's secret item","inStock":true},
                          {"id":"shared-id","title":"A's version","inStock":true}]}""").status());
        assertEquals(200, platform.send("PUT", "/v1/items", keyB, """
                {"items":[{"id":"shared-id","title":"B's version","inStock":true}]}""").status());
        assertEquals(200, platform.send("POST", "/v1/events", keyA, """
                {"events":[{"eventId":"a-1","type":"purchase","userId":"alice","itemIds":["a-only"],"quantity":3,
                            "price":10,"currency":"EUR","timestamp":"%s"}]}""".formatted(RECENT)).status());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void another_tenants_item_is_not_found_by_id() {
        TestPlatform.Reply reply = platform.send("GET", "/v1/items/a-only", keyB, null);
        assertEquals(404, reply.status());
        assertFalse(reply.body().contains("secret item"));
    }

    @Test
    void listing_shows_only_the_callers_catalog() {
        assertEquals(List.of("shared-id"), ids(platform.send("GET", "/v1/items", keyB, null).json().get("items")));
        assertEquals(List.of("a-only", "shared-id"),
                ids(platform.send("GET", "/v1/items", keyA, null).json().get("items")));
    }

    @Test
    void same_item_id_in_two_tenants_stays_two_items() {
        assertEquals("A's version", platform.send("GET", "/v1/items/shared-id", keyA, null).json()
                .get("title").asText());
        assertEquals("B's version", platform.send("GET", "/v1/items/shared-id", keyB, null).json()
                .get("title").asText());
    }

    @Test
    void deleting_another_tenants_item_fails_and_leaves_it() {
        assertEquals(404, platform.send("DELETE", "/v1/items/a-only", keyB, null).status());
        assertEquals(200, platform.send("GET", "/v1/items/a-only", keyA, null).status());
    }

    @Test
    void another_tenants_shopper_events_are_not_readable() {
        assertEquals(0, platform.send("GET", "/v1/events?userId=alice", keyB, null).json().get("events").size());
        assertEquals(1, platform.send("GET", "/v1/events?userId=alice", keyA, null).json().get("events").size());
    }

    @Test
    void replaying_another_tenants_event_id_does_not_touch_its_events() {
        TestPlatform.Reply reply = platform.send("POST", "/v1/events", keyB, """
                {"events":[{"eventId":"a-1","type":"view","userId":"bob","itemIds":["shared-id"],
                            "timestamp":"%s"}]}""".formatted(RECENT));
        assertEquals(1, reply.json().get("accepted").asInt(), "event ids are scoped per tenant");
        JsonNode aliceAtA = platform.send("GET", "/v1/events?userId=alice", keyA, null).json().get("events");
        assertEquals("purchase", aliceAtA.get(0).get("type").asText());
    }

    @Test
    void recommendations_never_contain_another_tenants_items() {
        List<String> forB = ids(platform.send("GET", "/v1/recommendations/popular?limit=50", keyB, null)
                .json().get("items"));
        assertFalse(forB.contains("a-only"));
        List<String> forA = ids(platform.send("GET", "/v1/recommendations/popular?limit=50", keyA, null)
                .json().get("items"));
        assertEquals("a-only", forA.get(0));
    }

    @Test
    void a_tenant_field_in_the_body_cannot_pick_the_tenant() {
        TestPlatform.Reply reply = platform.send("PUT", "/v1/items", keyB, """
                {"tenantId":"store-a","items":[{"id":"a-only","title":"hijack","inStock":true}]}""");
        assertEquals(422, reply.status());
        assertEquals(List.of("tenantId"), reply.problemFields());
        assertEquals("A's secret item", platform.send("GET", "/v1/items/a-only", keyA, null).json()
                .get("title").asText());
    }

    @Test
    void an_api_key_does_not_open_the_admin_api_and_the_operator_token_does_not_open_the_tenant_api() {
        assertEquals(401, platform.send("GET", "/admin/v1/tenants", keyA, null).status());
        assertEquals(401, platform.send("GET", "/v1/items", TestPlatform.OPERATOR, null).status());
    }

    @Test
    void no_spelling_of_the_path_reaches_a_resource_without_its_credential() {
        for (String path : List.of("/admin;x=1/v1/tenants", "/admin/v1;x=1/tenants", "//admin/v1/tenants",
                "/%61dmin/v1/tenants", "/admin/v1/tenants/", "/admin/./v1/tenants")) {
            TestPlatform.Reply anonymous = platform.send("GET", path, null, null);
            assertTrue(anonymous.status() == 401 || anonymous.status() == 404, path + " -> " + anonymous);
            TestPlatform.Reply withTenantKey = platform.send("GET", path, keyA, null);
            assertTrue(withTenantKey.status() == 401 || withTenantKey.status() == 404, path + " -> " + withTenantKey);
        }
        for (String path : List.of("/v1;x=1/items", "//v1/items", "/v1/items;x=1")) {
            TestPlatform.Reply anonymous = platform.send("GET", path, null, null);
            assertTrue(anonymous.status() == 401 || anonymous.status() == 404, path + " -> " + anonymous);
        }
    }

    @Test
    void another_tenants_key_cannot_be_revoked_through_the_wrong_tenant() {
        JsonNode keysOfA = platform.send("GET", "/admin/v1/tenants/store-a/keys", TestPlatform.OPERATOR, null)
                .json().get("keys");
        String keyIdOfA = keysOfA.get(0).get("id").asText();
        assertEquals(404, platform.send("DELETE", "/admin/v1/tenants/store-b/keys/" + keyIdOfA,
                TestPlatform.OPERATOR, null).status());
        assertTrue(platform.send("GET", "/v1/items", keyA, null).status() == 200);
    }

    @Test
    void a_dedicated_deployment_serves_only_its_own_tenant() {
        try (TestPlatform dedicated = TestPlatform.dedicatedTo("owner")) {
            String owner = dedicated.tenantWithKey("owner", "premium");
            String stranger = dedicated.tenantWithKey("stranger", "standard");
            assertEquals(200, dedicated.send("GET", "/v1/items", owner, null).status());
            TestPlatform.Reply refused = dedicated.send("GET", "/v1/items", stranger, null);
            assertEquals(403, refused.status());
        }
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }
}
