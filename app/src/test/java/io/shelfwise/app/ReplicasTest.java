package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two replicas over one database, as in a pooled deployment: each serves from its own memory, and what the other
 * one accepted shows within the configured refresh times.
 */
class ReplicasTest {
    private static final Duration CATALOG_REFRESH = Duration.ofMillis(300);
    private static final Duration SHOPPER_CACHE = Duration.ofMillis(300);

    @Test
    void a_catalog_change_and_a_purchase_accepted_by_one_replica_show_on_the_other_within_the_refresh_times() {
        try (TestPlatform first = TestPlatform.start();
             TestPlatform second = first.replica(CATALOG_REFRESH, SHOPPER_CACHE)) {
            String key = first.tenantWithKey("replicated", "enterprise");
            first.send("PUT", "/v1/items", key, "{\"items\":[" + item("r1", true) + "," + item("r2", true) + ","
                    + item("r3", true) + "]}");
            assertEquals(List.of("r2", "r3"), ids(second.send("GET", "/v1/recommendations/similar?itemId=r1", key,
                    null)));
            String home = "/v1/recommendations/home?userId=u1&excludeBoughtDays=30";
            assertEquals(List.of("r1", "r2", "r3"), ids(second.send("GET", home, key, null)));

            first.send("PUT", "/v1/items", key, "{\"items\":[" + item("r2", false) + "]}");
            first.send("POST", "/v1/events", key, "{\"events\":[{\"eventId\":\"p1\",\"type\":\"purchase\","
                    + "\"userId\":\"u1\",\"itemIds\":[\"r1\"],\"quantity\":1,\"price\":5,\"currency\":\"EUR\","
                    + "\"timestamp\":\"" + Instant.now().minusSeconds(1) + "\"}]}");

            assertEquals(List.of("r3"), ids(first.send("GET", "/v1/recommendations/similar?itemId=r1", key, null)),
                    "the replica that took the change serves it at once");
            assertEquals(List.of("r3"), ids(first.send("GET", home, key, null)));
            awaitWithin(Duration.ofSeconds(2), () -> ids(second.send("GET", "/v1/recommendations/similar?itemId=r1",
                    key, null)), List.of("r3"));
            awaitWithin(Duration.ofSeconds(2), () -> ids(second.send("GET", home, key, null)), List.of("r3"));
        }
    }

    /** Polls until {@code read} gives {@code expected}; fails when that takes longer than {@code bound}. */
    private static void awaitWithin(Duration bound, Supplier<List<String>> read, List<String> expected) {
        long deadline = System.nanoTime() + bound.toNanos();
        List<String> last = read.get();
        while (!last.equals(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = read.get();
        }
        assertEquals(expected, last, "not served within " + bound);
    }

    private static List<String> ids(TestPlatform.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode item : reply.json().get("items")) {
            ids.add(item.get("id").asText());
        }
        assertTrue(ids.size() <= 10);
        return ids;
    }

    private static String item(String id, boolean inStock) {
        return "{\"id\":\"" + id + "\",\"title\":\"" + id + "\",\"brand\":\"Alpha\",\"categoryPath\":[\"Shoes\"],"
                + "\"inStock\":" + inStock + "}";
    }
}
