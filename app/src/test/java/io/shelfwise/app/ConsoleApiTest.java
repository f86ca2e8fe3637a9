package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's page and JSON over real HTTP: login by operator token only, the session cookie's attributes,
 * CSRF on every action, read-only sessions, and the fleet figures the platform records itself.
 */
class ConsoleApiTest {
    private static TestPlatform platform;
    private static String busyKey;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        busyKey = platform.tenantWithKey("console-busy", "premium");
        platform.tenantWithKey("console-quiet", "standard");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void the_page_and_its_chart_library_are_served_by_the_app_with_a_strict_content_policy() {
        TestPlatform.Reply page = platform.send("GET", "/console", null, null);
        assertEquals(200, page.status());
        assertTrue(page.headers().get("content-type").getFirst().startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("/console/assets/echarts.min.js"));
        assertTrue(page.headers().get("content-security-policy").getFirst().contains("default-src 'self'"));
        TestPlatform.Reply echarts = platform.send("GET", "/console/assets/echarts.min.js", null, null);
        assertEquals(200, echarts.status());
        assertTrue(echarts.body().length() > 500_000 && echarts.body().contains("echarts"), "the bundled library");
        assertEquals(404, platform.send("GET", "/console/assets/..%2Fapplication.yaml", null, null).status());
    }

    @Test
    void the_fleet_needs_a_console_session_which_no_tenant_key_and_no_bearer_header_opens() {
        TestPlatform.Reply anonymous = platform.send("GET", "/console/api/fleet", null, null);
        assertEquals(401, anonymous.status());
        assertEquals("application/problem+json", anonymous.headers().get("content-type").getFirst());
        assertEquals(401, platform.send("GET", "/console/api/fleet", TestPlatform.OPERATOR, null).status(),
                "the admin API's bearer token is not a console session");
        assertEquals(401, login(busyKey).status(), "a tenant API key never opens the console");
        TestPlatform.Reply bad = login("not-the-token");
        assertEquals(401, bad.status());
        assertTrue(bad.json().get("detail").asText().contains("not valid"), bad.body());
        assertEquals(401, send("GET", "/console/api/fleet", "forged-session-id", null, null).status());
    }

    @Test
    void login_sets_an_http_only_same_site_strict_cookie_scoped_to_the_console() {
        TestPlatform.Reply reply = login(TestPlatform.OPERATOR);
        assertEquals(200, reply.status(), reply.body());
        String cookie = reply.headers().get("set-cookie").getFirst();
        assertTrue(cookie.startsWith("shelfwise_console="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/console"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP on loopback: " + cookie);
        assertEquals("admin", reply.json().get("role").asText());
        assertTrue(reply.json().get("csrfToken").asText().length() >= 40);
        TestPlatform.Reply behindTls = platform.send(HttpRequest.newBuilder(
                        URI.create(platform.baseUrl() + "/console/api/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + TestPlatform.OPERATOR + "\"}")));
        assertTrue(behindTls.headers().get("set-cookie").getFirst().contains("Secure"));
    }

    @Test
    void an_action_without_the_sessions_csrf_token_is_refused_and_changes_nothing() {
        Session admin = session(TestPlatform.OPERATOR);
        TestPlatform.Reply missing = send("POST", "/console/api/tenants/console-quiet/tier", admin.id(), null,
                "{\"tier\":\"enterprise\"}");
        assertEquals(403, missing.status(), missing.body());
        assertTrue(missing.json().get("detail").asText().contains("CSRF"), missing.body());
        Session other = session(TestPlatform.OPERATOR);
        assertEquals(403, send("POST", "/console/api/tenants/console-quiet/tier", admin.id(), other.csrf(),
                "{\"tier\":\"enterprise\"}").status(), "another session's token does not count");
        assertEquals("standard", platform.send("GET", "/admin/v1/tenants/console-quiet", TestPlatform.OPERATOR, null)
                .json().get("tier").asText());
    }

    @Test
    void a_read_only_session_sees_the_fleet_but_cannot_act() {
        Session viewer = session(TestPlatform.VIEWER);
        assertEquals("viewer", viewer.role());
        assertEquals(200, send("GET", "/console/api/fleet", viewer.id(), null, null).status());
        TestPlatform.Reply act = send("POST", "/console/api/tenants/console-quiet/tier", viewer.id(), viewer.csrf(),
                "{\"tier\":\"enterprise\"}");
        assertEquals(403, act.status(), act.body());
        assertTrue(act.json().get("detail").asText().contains("read-only"), act.body());
    }

    @Test
    void the_overview_shows_each_tenants_own_traffic_and_events_as_the_platform_recorded_them() {
        String recommendationId = null;
        for (int i = 0; i < 30; i++) {
            TestPlatform.Reply list = platform.send("GET", "/v1/recommendations/home?userId=u1&limit=5", busyKey, null);
            assertEquals(200, list.status());
            recommendationId = list.json().get("recommendationId").asText();
        }
        String at = java.time.Instant.now().toString();
        TestPlatform.Reply tracked = platform.send("POST", "/v1/events", busyKey, "{\"events\":["
                + "{\"eventId\":\"c-1\",\"type\":\"view\",\"userId\":\"u1\",\"itemIds\":[\"i1\"],\"timestamp\":\"" + at
                + "\"},{\"eventId\":\"c-2\",\"type\":\"click\",\"userId\":\"u2\",\"itemIds\":[\"i1\"],\"timestamp\":\""
                + at + "\",\"recommendationId\":\"" + recommendationId + "\"}]}");
        assertEquals(200, tracked.status(), tracked.body());
        Session admin = session(TestPlatform.OPERATOR);
        JsonNode fleet = send("GET", "/console/api/fleet", admin.id(), null, null).json();
        Map<String, JsonNode> rows = new HashMap<>();
        fleet.get("tenants").forEach(r -> rows.put(r.get("id").asText(), r));
        JsonNode busy = rows.get("console-busy");
        assertEquals("premium", busy.get("tier").asText());
        assertTrue(busy.get("requestsPerSecond").asDouble() > 0, busy.toString());
        assertTrue(busy.get("p99Millis").asDouble() > 0, busy.toString());
        assertEquals(0.0, busy.get("errorRate").asDouble());
        assertEquals(2, busy.get("eventsLastDay").asLong());
        assertEquals(2, busy.get("eventsUsed").asLong());
        JsonNode quiet = rows.get("console-quiet");
        assertEquals(0, quiet.get("eventsLastDay").asLong());
        assertTrue(quiet.get("requestsPerSecond").asDouble() == 0, quiet.toString());
        assertTrue(fleet.get("problems").has("error_spike"));

        JsonNode page = send("GET", "/console/api/tenants/console-busy", admin.id(), null, null).json();
        JsonNode minutes = page.get("series").get("minute");
        assertEquals(60, minutes.size());
        long requests = 0;
        long events = 0;
        long served = 0;
        long clicks = 0;
        for (JsonNode p : minutes) {
            requests += p.get("requests").asLong();
            events += p.get("events").asLong();
            served += p.get("served").asLong();
            clicks += p.get("clicks").asLong();
        }
        assertEquals(30, served, "the lists served");
        assertEquals(1, clicks, "the click citing a list; the view cites none");
        assertTrue(requests >= 31, "the 30 lists and the event batch: " + requests);
        assertEquals(2, events);
        assertEquals(1, page.get("keys").size());
        assertEquals(404, send("GET", "/console/api/tenants/nobody-here", admin.id(), null, null).status());
    }

    @Test
    void an_admin_changes_a_tier_and_revokes_a_key_from_the_console() {
        String key = platform.tenantWithKey("console-acts", "standard");
        Session admin = session(TestPlatform.OPERATOR);
        TestPlatform.Reply tier = send("POST", "/console/api/tenants/console-acts/tier", admin.id(), admin.csrf(),
                "{\"tier\":\"premium\"}");
        assertEquals(200, tier.status(), tier.body());
        assertEquals("premium", tier.json().get("tier").asText());
        assertEquals(422, send("POST", "/console/api/tenants/console-acts/tier", admin.id(), admin.csrf(),
                "{\"tier\":\"gold\"}").status());

        JsonNode keys = send("GET", "/console/api/tenants/console-acts", admin.id(), null, null).json().get("keys");
        String keyId = keys.get(0).get("id").asText();
        assertFalse(keyId.isEmpty());
        assertFalse(keys.toString().contains(key), "the secret is never shown");
        assertEquals(200, platform.send("GET", "/v1/recommendations/home?userId=u1&limit=1", key, null).status());
        assertEquals(204, send("POST", "/console/api/tenants/console-acts/keys/" + keyId + "/revoke", admin.id(),
                admin.csrf(), null).status());
        assertEquals(401, platform.send("GET", "/v1/recommendations/home?userId=u1&limit=1", key, null).status());
    }

    @Test
    void logging_out_ends_the_session() {
        Session admin = session(TestPlatform.OPERATOR);
        assertEquals(204, send("POST", "/console/api/logout", admin.id(), admin.csrf(), null).status());
        assertEquals(401, send("GET", "/console/api/session", admin.id(), null, null).status());
    }

    private record Session(String id, String csrf, String role) {
    }

    private static TestPlatform.Reply login(String token) {
        return platform.send("POST", "/console/api/login", null, "{\"token\":\"" + token + "\"}");
    }

    private static Session session(String token) {
        TestPlatform.Reply reply = login(token);
        assertEquals(200, reply.status(), reply.body());
        String cookie = reply.headers().get("set-cookie").getFirst();
        String id = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        return new Session(id, reply.json().get("csrfToken").asText(), reply.json().get("role").asText());
    }

    private static TestPlatform.Reply send(String method, String path, String sessionId, String csrf, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + path))
                .header("Cookie", "shelfwise_console=" + sessionId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return platform.send(request);
    }
}
