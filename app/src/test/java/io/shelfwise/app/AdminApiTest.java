package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's API: tenants, their lifecycle, and their keys. */
class AdminApiTest extends WithPlatform {

    @Test
    void creating_a_tenant_answers_201_with_its_tier_policy() {
        TestPlatform.Reply reply = platform.send("POST", "/admin/v1/tenants", OP,
                "{\"id\":\"acme-shoes\",\"displayName\":\"Acme Shoes\",\"tier\":\"premium\"}");
        assertEquals(201, reply.status(), reply.body());
        JsonNode tenant = reply.json();
        assertEquals("acme-shoes", tenant.get("id").asText());
        assertEquals("active", tenant.get("state").asText());
        assertEquals("siloed", tenant.get("policy").get("deploymentModel").asText());
        assertEquals("dedicated", tenant.get("policy").get("endpoint").asText());
        assertEquals("Acme Shoes", platform.send("GET", "/admin/v1/tenants/acme-shoes", OP, null).json()
                .get("displayName").asText());
        assertTrue(platform.send("GET", "/admin/v1/tenants", OP, null).body().contains("\"acme-shoes\""));
    }

    @Test
    void a_taken_id_is_409_and_a_bad_slug_and_tier_are_422_together() {
        platform.send("POST", "/admin/v1/tenants", OP, "{\"id\":\"taken\",\"displayName\":\"T\",\"tier\":\"standard\"}");
        assertEquals(409, platform.send("POST", "/admin/v1/tenants", OP,
                "{\"id\":\"taken\",\"displayName\":\"T\",\"tier\":\"standard\"}").status());
        TestPlatform.Reply bad = platform.send("POST", "/admin/v1/tenants", OP,
                "{\"id\":\"Bad_Slug\",\"displayName\":\"\",\"tier\":\"gold\"}");
        assertEquals(422, bad.status());
        assertEquals(List.of("id", "tier", "displayName"), bad.problemFields());
    }

    @Test
    void unknown_tenant_is_404_and_a_wrong_operator_token_is_401() {
        assertEquals(404, platform.send("GET", "/admin/v1/tenants/nobody", OP, null).status());
        assertEquals(401, platform.send("GET", "/admin/v1/tenants", "op_wrong", null).status());
    }

    @Test
    void offboarding_is_final_and_an_offboarded_tenant_gets_no_keys() {
        platform.send("POST", "/admin/v1/tenants", OP, "{\"id\":\"leaving\",\"displayName\":\"L\",\"tier\":\"standard\"}");
        assertEquals("offboarded", platform.send("PATCH", "/admin/v1/tenants/leaving", OP,
                "{\"state\":\"offboarded\"}").json().get("state").asText());
        assertEquals(409, platform.send("PATCH", "/admin/v1/tenants/leaving", OP, "{\"state\":\"active\"}").status());
        assertEquals(409, platform.send("POST", "/admin/v1/tenants/leaving/keys", OP, "{}").status());
        assertEquals(409, platform.send("PATCH", "/admin/v1/tenants/leaving", OP,
                "{\"displayName\":\"Renamed\",\"state\":\"active\"}").status());
        assertEquals("L", platform.send("GET", "/admin/v1/tenants/leaving", OP, null).json()
                .get("displayName").asText(), "a refused change changes nothing");
    }

    @Test
    void the_secret_is_shown_once_and_listing_never_shows_it() {
        String secret = platform.tenantWithKey("keyed", "standard");
        assertTrue(secret.startsWith("sw_key_"));
        TestPlatform.Reply list = platform.send("GET", "/admin/v1/tenants/keyed/keys", OP, null);
        assertEquals(1, list.json().get("keys").size());
        assertFalse(list.body().contains(secret.substring(24)));
        assertFalse(list.json().get("keys").get(0).has("secret"));
    }

    @Test
    void rotation_issues_a_new_key_and_retires_the_old_one_after_the_grace_period() {
        String old = platform.tenantWithKey("rotating", "standard");
        String oldId = old.substring(3, 23);
        TestPlatform.Reply rotated = platform.send("POST", "/admin/v1/tenants/rotating/keys/" + oldId + "/rotate",
                OP, "{\"graceSeconds\":0}");
        assertEquals(201, rotated.status(), rotated.body());
        String fresh = rotated.json().get("secret").asText();
        assertEquals(200, platform.send("GET", "/v1/items", fresh, null).status());
        assertEquals(401, platform.send("GET", "/v1/items", old, null).status());

        TestPlatform.Reply graceful = platform.send("POST", "/admin/v1/tenants/rotating/keys/"
                + rotated.json().get("id").asText() + "/rotate", OP, "{\"graceSeconds\":3600}");
        assertEquals(200, platform.send("GET", "/v1/items", fresh, null).status(), "still inside its grace period");
        assertNotNull(platform.send("GET", "/admin/v1/tenants/rotating/keys", OP, null).json().get("keys").get(1)
                .get("expiresAt").textValue());
        assertEquals(200, platform.send("GET", "/v1/items", graceful.json().get("secret").asText(), null).status());
        assertEquals(422, platform.send("POST", "/admin/v1/tenants/rotating/keys/" + oldId + "/rotate", OP,
                "{\"graceSeconds\":-1}").status());
    }
}
