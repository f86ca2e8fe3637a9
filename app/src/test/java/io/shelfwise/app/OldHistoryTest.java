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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A store's imported history that ended two years ago is learned from at once: the learning windows (popularity,
 * co-occurrence, training) end at the tenant's newest event, not at the wall clock.
 */
class OldHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static TestPlatform platform;
    private static String key;
    private static String shopper;

    @BeforeAll
    static void aStoreWhoseHistoryEndedTwoYearsAgo() {
        platform = TestPlatform.start();
        key = platform.tenantWithKey("old-history", "enterprise");
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2 * 365 + 30));
        SyntheticStore store = SyntheticStore.generate(new SyntheticStore.Spec(12_000, 400, 900, 11, 30, start, 0.1));
        List<Map<String, Object>> catalog = store.catalog().stream().map(ModelsTest::item).toList();
        send("PUT", "/v1/items", Map.of("items", catalog), 200);
        List<ShopperEvent> events = store.events().toList();
        for (int from = 0; from < events.size(); from += 500) {
            send("POST", "/v1/events", Map.of("events", events.subList(from, Math.min(events.size(), from + 500))
                    .stream().map(ModelsTest::event).toList()), 200);
        }
        shopper = events.stream().map(ShopperEvent::userId).filter(u -> u != null).findFirst().orElseThrow();
        assertTrue(events.stream().allMatch(e -> e.occurredAt().isBefore(Instant.now().minus(Duration.ofDays(700)))));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void popularity_ranks_the_old_history_by_its_own_recency() {
        JsonNode popular = send("GET", "/v1/recommendations/popular?limit=10", null, 200);
        assertEquals(10, popular.get("items").size());
        for (JsonNode item : popular.get("items")) {
            assertTrue(item.get("score").asDouble() > 0, "ranked from signals, not a cold-start fill: " + popular);
        }
    }

    @Test
    void the_old_history_trains_a_model() {
        JsonNode started = send("POST", "/v1/models/trainings", null, 202);
        JsonNode run = awaitEnd(started.get("id").asText());
        assertTrue(Set.of("promoted", "rejected").contains(run.get("state").asText()), run.toString());
        JsonNode models = send("GET", "/v1/models", null, 200);
        assertTrue(models.get("versions").get(0).get("training").get("events").asInt() > 5_000, models.toString());
        JsonNode home = send("GET", "/v1/recommendations/home?userId=" + shopper + "&limit=10", null, 200);
        assertEquals(10, home.get("items").size(), home.toString());
    }

    private static JsonNode awaitEnd(String runId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = send("GET", "/v1/models/trainings/" + runId, null, 200);
            if (Set.of("promoted", "rejected", "failed").contains(run.get("state").asText())) {
                return run;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("training run " + runId + " did not end in 3 minutes");
    }

    private static JsonNode send(String method, String path, Object body, int expected) {
        try {
            TestPlatform.Reply reply = platform.send(method, path, key,
                    body == null ? null : JSON.writeValueAsString(body));
            assertEquals(expected, reply.status(), method + " " + path + ": " + reply.body());
            return reply.json();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
