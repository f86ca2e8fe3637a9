package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Onboarding provisions a tenant for its tier, a tier change is an operation, offboarding removes it all. */
class TenantLifecycleTest extends WithPlatform {

    @Test
    void onboarding_gives_the_tenant_an_identity_limited_to_its_own_resources() throws Exception {
        platform.tenantWithKey("onboarded", "premium");
        String identity = Files.readString(platform.dataDir().resolve("identity/onboarded.json"));
        assertTrue(identity.contains("arn:aws:s3:::shelfwise-artifacts/onboarded/*"), identity);
        assertTrue(identity.contains("table/shelfwise-onboarded-rec-log"), identity);
        com.fasterxml.jackson.databind.JsonNode grants = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(identity).get("grants");
        assertEquals(3, grants.size());
        grants.forEach(g -> g.get("resources").forEach(r -> assertTrue(
                r.asText().contains("onboarded") || r.asText().equals("arn:aws:s3:::shelfwise-artifacts")
                        && g.get("stringLikeConditions").get("s3:prefix").asText().equals("onboarded/*"),
                "a resource outside the tenant: " + r)));
        assertTrue(Files.isDirectory(platform.dataDir().resolve("artifacts/onboarded")));
    }

    @Test
    void a_tier_change_keeps_the_tenant_serving_and_applies_the_new_limits() {
        String key = platform.tenantWithKey("upgrading", "standard");
        platform.send("PUT", "/v1/items", key, "{\"items\":[{\"id\":\"kept\",\"title\":\"Kept\",\"inStock\":true}]}");
        TestPlatform.Reply upgraded = platform.send("PATCH", "/admin/v1/tenants/upgrading", OP,
                "{\"tier\":\"enterprise\"}");
        assertEquals(200, upgraded.status(), upgraded.body());
        assertEquals("enterprise", upgraded.json().get("tier").asText());
        assertEquals("siloed", upgraded.json().get("policy").get("deploymentModel").asText());
        assertEquals(5000, upgraded.json().get("policy").get("requestsPerSecond").asInt());
        assertEquals("Kept", platform.send("GET", "/v1/items/kept", key, null).json().get("title").asText(),
                "the same key and data keep working after the move");

        TestPlatform.Reply downgraded = platform.send("PATCH", "/admin/v1/tenants/upgrading", OP,
                "{\"tier\":\"standard\"}");
        assertEquals("pooled", downgraded.json().get("policy").get("deploymentModel").asText());
        assertEquals(200, platform.send("GET", "/v1/items/kept", key, null).status());
    }

    @Test
    void requests_in_flight_while_the_tier_changes_back_and_forth_all_succeed() throws Exception {
        String key = platform.tenantWithKey("moving", "standard");
        java.util.concurrent.atomic.AtomicBoolean moving = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.List<String> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        Thread traffic = new Thread(() -> {
            while (moving.get()) {
                TestPlatform.Reply reply = platform.send("GET", "/v1/recommendations/popular", key, null);
                if (reply.status() == 200) {
                    served.incrementAndGet();
                } else {
                    failures.add(reply.toString());
                }
                // Paced under the Standard tier's rate, so a 429 would be a real failure of the move.
                java.util.concurrent.locks.LockSupport.parkNanos(6_000_000);
            }
        });
        traffic.start();
        for (String tier : List.of("premium", "enterprise", "standard", "premium", "standard")) {
            assertEquals(200, platform.send("PATCH", "/admin/v1/tenants/moving", OP,
                    "{\"tier\":\"" + tier + "\"}").status());
        }
        moving.set(false);
        traffic.join();
        assertTrue(failures.isEmpty(), failures.toString());
        assertTrue(served.get() > 0);
    }

    @Test
    void offboarding_stops_serving_and_removes_identity_and_data_stores() {
        String key = platform.tenantWithKey("departing", "premium");
        assertTrue(Files.exists(platform.dataDir().resolve("identity/departing.json")));
        TestPlatform.Reply combined = platform.send("PATCH", "/admin/v1/tenants/departing", OP,
                "{\"state\":\"offboarded\",\"tier\":\"standard\"}");
        assertEquals(422, combined.status());
        assertEquals(List.of("state"), combined.problemFields());

        TestPlatform.Reply gone = platform.send("PATCH", "/admin/v1/tenants/departing", OP,
                "{\"state\":\"offboarded\"}");
        assertEquals("offboarded", gone.json().get("state").asText());
        assertEquals(403, platform.send("GET", "/v1/items", key, null).status());
        assertFalse(Files.exists(platform.dataDir().resolve("identity/departing.json")));
        assertFalse(Files.exists(platform.dataDir().resolve("artifacts/departing")));
        assertEquals(409, platform.send("PATCH", "/admin/v1/tenants/departing", OP, "{\"tier\":\"premium\"}")
                .status());
    }

    @Test
    void an_unknown_tier_is_422_naming_the_field() {
        platform.tenantWithKey("tiered", "standard");
        TestPlatform.Reply reply = platform.send("PATCH", "/admin/v1/tenants/tiered", OP, "{\"tier\":\"gold\"}");
        assertEquals(422, reply.status());
        assertEquals(List.of("tier"), reply.problemFields());
    }
}
