package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fleet rollouts over HTTP with the real DJL trainer and gate: three tenants with a month of generated events
 * (a canary, a Standard and a Premium one) and no model yet, so each candidate must beat the bestsellers. A
 * recipe that cannot learn (one factor, maximal regularization) halts in the canary wave and no other tenant
 * trains; the platform's own recipe then reaches every wave and each tenant serves its new model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TENANTS = List.of("ro-canary", "ro-std", "ro-prem");
    private static TestPlatform platform;
    private static final Map<String, String> KEYS = new java.util.HashMap<>();

    @BeforeAll
    static void threeStoresWithoutModels() {
        // Promoted tenants serve 6 s before they are judged (quiet ones pass); click-through is compared from 30
        // lists on each side of the change, served in the first half of that and clicked within it. EASE is off:
        // the recipe rolled out is the factor model's, and an EASE home (learned whatever the recipe) would carry a
        // candidate whose factors learned nothing past the gate.
        platform = TestPlatform.withCloud(Settings.Cloud.EMBEDDED, Map.of("SHELFWISE_ROLLOUT_OBSERVE_MS", "6000",
                "SHELFWISE_ROLLOUT_CTR_MIN_LISTS", "30", "SHELFWISE_TRAINING_EASE_ITEMS", "0"));
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(31));
        SyntheticStore store = SyntheticStore.generate(new SyntheticStore.Spec(15_000, 400, 800, 7, 30, start, 0.1));
        List<Map<String, Object>> catalog = store.catalog().stream().map(ModelsTest::item).toList();
        List<Map<String, Object>> events = store.events().map(ModelsTest::event).toList();
        for (String tenant : TENANTS) {
            String key = platform.tenantWithKey(tenant, tenant.equals("ro-prem") ? "premium" : "standard");
            KEYS.put(tenant, key);
            send("PUT", "/v1/items", key, Map.of("items", catalog), 200);
            for (int from = 0; from < events.size(); from += 500) {
                send("POST", "/v1/events", key, Map.of("events", events.subList(from,
                        Math.min(events.size(), from + 500))), 200);
            }
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    @Order(1)
    void bad_requests_get_field_problems() {
        TestPlatform.Reply noRecipe = platform.send("POST", "/admin/v1/rollouts", TestPlatform.OPERATOR, "{}");
        assertEquals(422, noRecipe.status());
        assertTrue(noRecipe.body().contains("recipe"), noRecipe.body());
        TestPlatform.Reply badFactors = platform.send("POST", "/admin/v1/rollouts", TestPlatform.OPERATOR,
                "{\"recipe\":{\"factors\":0,\"epochs\":1,\"learningRate\":0.1,\"regularization\":0.1}}");
        assertEquals(422, badFactors.status());
        assertTrue(badFactors.body().contains("recipe.factors"), badFactors.body());
        TestPlatform.Reply unknownCanary = platform.send("POST", "/admin/v1/rollouts", TestPlatform.OPERATOR,
                "{\"recipe\":{\"factors\":8,\"epochs\":1,\"learningRate\":0.1,\"regularization\":0.1},"
                        + "\"canaries\":[\"nobody-here\"]}");
        assertEquals(404, unknownCanary.status());
        assertEquals(401, platform.send("POST", "/admin/v1/rollouts", KEYS.get("ro-std"),
                "{\"recipe\":{\"factors\":8,\"epochs\":1,\"learningRate\":0.1,\"regularization\":0.1}}").status(),
                "a tenant key cannot roll anything out");
        assertEquals(404, platform.send("GET", "/admin/v1/rollouts/rol-none", TestPlatform.OPERATOR, null).status());
        TestPlatform.Reply both = platform.send("POST", "/admin/v1/rollouts", TestPlatform.OPERATOR,
                "{\"recipe\":{\"factors\":8,\"epochs\":1,\"learningRate\":0.1,\"regularization\":0.1},"
                        + "\"image\":\"shelfwise:2.0\"}");
        assertEquals(422, both.status(), both.body());
        assertTrue(both.body().contains("exactly one"), both.body());
        TestPlatform.Reply badImage = platform.send("POST", "/admin/v1/rollouts", TestPlatform.OPERATOR,
                "{\"image\":\"Shelf Wise!\"}");
        assertEquals(422, badImage.status());
        assertTrue(badImage.body().contains("\"image\""), badImage.body());
        TestPlatform.Reply embedded = platform.send("POST", "/admin/v1/rollouts", TestPlatform.OPERATOR,
                "{\"image\":\"registry.example.com/shelfwise:2.0\"}");
        assertEquals(409, embedded.status(), embedded.body());
        assertTrue(embedded.body().contains("one process"), embedded.body());
    }

    @Test
    @Order(2)
    void a_recipe_that_cannot_learn_halts_in_the_canary_wave_and_leaves_later_waves_untouched() {
        JsonNode rollout = awaitEnd(start("{\"recipe\":{\"factors\":1,\"epochs\":1,\"learningRate\":0.05,"
                + "\"regularization\":100},\"canaries\":[\"ro-canary\"]}"));
        assertEquals("halted", rollout.get("state").asText(), rollout.toString());
        assertTrue(rollout.get("message").asText().contains("wave canary"), rollout.toString());
        List<String> states = states(rollout);
        assertEquals(List.of("ro-canary:canary:rejected", "ro-std:standard:pending", "ro-prem:premium:pending"),
                states);
        for (String tenant : TENANTS) {
            JsonNode models = send("GET", "/v1/models", KEYS.get(tenant), null, 200);
            assertTrue(models.get("active").isNull(), tenant + " serves no model of the halted recipe");
            assertEquals(tenant.equals("ro-canary") ? 1 : 0, models.get("versions").size(),
                    "only the canary trained: " + tenant);
        }
    }

    @Test
    @Order(3)
    void the_platforms_recipe_reaches_every_wave_and_every_tenant_serves_it() {
        JsonNode rollout = awaitEnd(start("{\"recipe\":{\"factors\":32,\"epochs\":10,\"learningRate\":0.05,"
                + "\"regularization\":0.1},\"canaries\":[\"ro-canary\"]}"));
        assertEquals("completed", rollout.get("state").asText(), rollout.toString());
        assertEquals(List.of("ro-canary:canary:promoted", "ro-std:standard:promoted", "ro-prem:premium:promoted"),
                states(rollout));
        for (JsonNode step : rollout.get("tenants")) {
            String tenant = step.get("tenantId").asText();
            int version = step.get("newVersion").asInt();
            assertEquals(version, send("GET", "/v1/models", KEYS.get(tenant), null, 200).get("active").asInt());
            JsonNode run = send("GET", "/v1/models/trainings/" + step.get("runId").asText(), KEYS.get(tenant), null,
                    200);
            assertEquals(32, send("GET", "/v1/models/" + version, KEYS.get(tenant), null, 200).get("training")
                    .get("factors").asInt(), "trained with the rollout's recipe");
            assertEquals("promoted", run.get("state").asText());
        }
        JsonNode list = send("GET", "/admin/v1/rollouts", TestPlatform.OPERATOR, null, 200);
        assertEquals(List.of("completed", "halted"), List.of(list.get("rollouts").get(0).get("state").asText(),
                list.get("rollouts").get(1).get("state").asText()), "newest first");
        TestPlatform.Reply again = platform.send("POST", "/admin/v1/rollouts/" + rollout.get("id").asText() + "/pause",
                TestPlatform.OPERATOR, null);
        assertEquals(409, again.status(), "a completed rollout cannot be paused");
    }

    @Test
    @Order(4)
    void a_model_that_wins_offline_but_loses_click_through_online_is_rolled_back_and_halts_the_rollout() {
        // The canary goes back to the weak model the halted rollout trained (v1), and its lists get clicked.
        String key = KEYS.get("ro-canary");
        send("POST", "/v1/models/1/promote", key, null, 200);
        serveLists(key, "before", 60, 2);
        String id = start("{\"recipe\":{\"factors\":32,\"epochs\":10,\"learningRate\":0.05,"
                + "\"regularization\":0.1},\"canaries\":[\"ro-canary\"]}");
        // Once the new model is promoted, its lists are served and nobody clicks them.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!send("GET", "/admin/v1/rollouts/" + id, TestPlatform.OPERATOR, null, 200).get("tenants").get(0)
                .get("state").asText().equals("promoted")) {
            assertTrue(System.nanoTime() < deadline, "the canary was never promoted");
            sleep(50);
        }
        serveLists(key, "after", 60, 0);

        JsonNode rollout = awaitEnd(id);
        assertEquals("halted", rollout.get("state").asText(), rollout.toString());
        JsonNode canary = rollout.get("tenants").get(0);
        assertEquals("rolled_back", canary.get("state").asText(), canary.toString());
        // The 60 lists after the change are served within the first half of the observation, unless the machine
        // is slow enough to push some past it (the gate needs 30).
        assertTrue(canary.get("message").asText().matches(".*click-through fell from 50\\.0 % of 60 lists to "
                + "0\\.0 % of \\d+ lists.*"), canary.toString());
        assertEquals(1, send("GET", "/v1/models", key, null, 200).get("active").asInt(), "back on v1");
        assertEquals("pending", rollout.get("tenants").get(1).get("state").asText(), "later waves untouched");
    }

    /** {@code lists} home lists for distinct shoppers; every {@code clickEvery}-th one clicked (0: none). */
    private static void serveLists(String key, String prefix, int lists, int clickEvery) {
        List<Map<String, Object>> clicks = new ArrayList<>();
        for (int i = 0; i < lists; i++) {
            JsonNode list = send("GET", "/v1/recommendations/home?userId=" + prefix + i + "&limit=5", key, null, 200);
            if (clickEvery > 0 && i % clickEvery == 0) {
                clicks.add(Map.of("eventId", prefix + "-click-" + i, "type", "click", "userId", prefix + i,
                        "itemIds", List.of(list.get("items").get(0).get("id").asText()),
                        "recommendationId", list.get("recommendationId").asText(),
                        "timestamp", Instant.now().toString()));
            }
        }
        if (!clicks.isEmpty()) {
            send("POST", "/v1/events", key, Map.of("events", clicks), 200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String start(String body) {
        TestPlatform.Reply started = platform.send("POST", "/admin/v1/rollouts", TestPlatform.OPERATOR, body);
        assertEquals(202, started.status(), started.body());
        String id = started.json().get("id").asText();
        assertTrue(started.header("Location").endsWith("/admin/v1/rollouts/" + id), started.header("Location"));
        return id;
    }

    private static JsonNode awaitEnd(String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = send("GET", "/admin/v1/rollouts/" + id, TestPlatform.OPERATOR, null, 200);
            // A halted rollout first says "(rolling back)" while its wave's rollbacks run (the driver halts before
            // rolling back); it has ended once those outcomes are recorded.
            if (!r.get("state").asText().equals("running")
                    && !r.path("message").asText("").endsWith("(rolling back)")) {
                return r;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("rollout " + id + " did not end in 4 minutes");
    }

    private static List<String> states(JsonNode rollout) {
        List<String> states = new ArrayList<>();
        rollout.get("tenants").forEach(t -> states.add(t.get("tenantId").asText() + ":" + t.get("wave").asText()
                + ":" + t.get("state").asText()));
        return states;
    }

    private static JsonNode send(String method, String path, String key, Object body, int expected) {
        try {
            TestPlatform.Reply reply = platform.send(method, path, key, body == null ? null
                    : JSON.writeValueAsString(body));
            assertEquals(expected, reply.status(), method + " " + path + ": " + reply.body());
            return reply.json();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
