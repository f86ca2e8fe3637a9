package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shelfwise.catalog.Item;
import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Learned models end to end over HTTP with the real DJL trainer: a tenant with a generated store's 30 days of
 * events trains, the evaluation gate promotes the model, serving switches to it, a second identical model is
 * rejected with its reason, promote and rollback swap models under load without a failed request, and another
 * tenant never sees or is served any of it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelsTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static TestPlatform platform;
    private static String key;
    private static String otherKey;
    private static List<String> shoppers;
    private static List<String> items;
    private static String firstRunId;

    @BeforeAll
    static void storeWithAMonthOfEvents() {
        platform = TestPlatform.start();
        key = platform.tenantWithKey("models-a", "enterprise");
        otherKey = platform.tenantWithKey("models-b", "enterprise");
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(31));
        SyntheticStore store = SyntheticStore.generate(new SyntheticStore.Spec(30_000, 600, 1_500, 7, 30, start, 0.1));
        List<Map<String, Object>> catalog = store.catalog().stream().map(ModelsTest::item).toList();
        for (int from = 0; from < catalog.size(); from += 1000) {
            send("PUT", "/v1/items", key, Map.of("items", catalog.subList(from, Math.min(catalog.size(), from + 1000))),
                    200);
        }
        send("PUT", "/v1/items", otherKey, Map.of("items", catalog.subList(0, 50)), 200);
        List<ShopperEvent> events = store.events().toList();
        for (int from = 0; from < events.size(); from += 500) {
            send("POST", "/v1/events", key, Map.of("events", events.subList(from, Math.min(events.size(), from + 500))
                    .stream().map(ModelsTest::event).toList()), 200);
        }
        shoppers = events.stream().map(ShopperEvent::userId).filter(u -> u != null).distinct().limit(50).toList();
        items = store.catalog().stream().filter(Item::inStock).map(i -> i.id().value()).limit(50).toList();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    @Order(1)
    void training_reports_progress_and_the_gate_promotes_a_model_that_beats_popularity() {
        assertEquals("cooccurrence", home(key, shoppers.get(0)).get("model").asText(), "no learned model yet");
        TestPlatform.Reply started = platform.send("POST", "/v1/models/trainings", key, null);
        assertEquals(202, started.status(), started.body());
        String location = started.headers().get("location").getFirst();
        assertTrue(location.endsWith("/v1/models/trainings/" + started.json().get("id").asText()), location);

        firstRunId = started.json().get("id").asText();
        JsonNode run = awaitEnd(firstRunId);
        assertEquals("promoted", run.get("state").asText(), run.toString());
        assertEquals(1, run.get("version").asInt());
        assertEquals(run.get("epochs").asInt(), run.get("epoch").asInt());
        List<Double> losses = new ArrayList<>();
        run.get("losses").forEach(l -> losses.add(l.asDouble()));
        assertEquals(run.get("epochs").asInt(), losses.size());
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) <= losses.get(i - 1) * 1.0001, "iALS loss does not rise: " + losses);
        }
        assertTrue(run.get("message").asText().contains("vs popularity"), run.toString());

        JsonNode models = send("GET", "/v1/models", key, null, 200);
        assertEquals(1, models.get("active").asInt());
        JsonNode v1 = models.get("versions").get(0);
        assertEquals("active", v1.get("status").asText());
        assertTrue(v1.get("gate").get("passed").asBoolean());
        List<String> tried = new ArrayList<>();
        v1.get("gate").get("metrics").forEach(m -> tried.add(m.get("model").asText()));
        long recipes = tried.stream().filter(m -> m.startsWith("candidate home: ")).count();
        long tuning = tried.stream().filter(m -> m.startsWith("tuning: ")).count();
        assertTrue(recipes == 20 || recipes == 21, "16 recipes (iALS or EASE (computed with DJL) x taste weights x "
                + "recent items), the best with each other weight against co-occurrence and each sequence weight, "
                + "and with the long-term profile where a shopper has one: " + tried);
        int factors = v1.get("training").get("factors").asInt();
        assertTrue(tried.stream().anyMatch(m -> m.startsWith("tuning: " + factors + " factors")),
                "the kept factor size was among those tried: " + tried);
        assertTrue(tuning >= 2 && tuning % 2 == 0, "home and cart for each size and penalty tried: " + tried);
        assertEquals(11 + recipes + tuning, v1.get("gate").get("metrics").size(), "recall, NDCG, MRR, coverage per "
                + "surface: candidate, opponent and co-occurrence, EASE on cart and similar, home per recipe tried, "
                + "and the tuning rows");
        assertTrue(tried.contains("candidate home: ease alone") && tried.contains("candidate home: model alone"),
                tried.toString());
        assertEquals(2, tried.stream().filter("ease"::equals).count(), tried.toString());
        JsonNode recipe = v1.get("gate").get("home");
        String learner = recipe.get("learner").asText();
        assertTrue(Set.of("ials", "ease").contains(learner), recipe.toString());
        assertEquals(1.0, recipe.get("modelWeight").asDouble() + recipe.get("tasteWeight").asDouble(), 1e-9);
        assertTrue(v1.get("gate").get("reason").asText().contains("home composed as "
                + recipe.get("description").asText()), v1.toString());
        assertEquals(Set.of("home", "cart", "similar"), Set.copyOf(iterable(v1.get("gate").get("surfaces").fieldNames())));
        assertTrue(v1.get("gate").get("candidateScore").asDouble()
                >= 1.02 * v1.get("gate").get("opponentScore").asDouble(), v1.toString());
        assertTrue(v1.get("training").get("events").asInt() > 10_000, v1.toString());

        assertEquals(learner + "-v1+cooccurrence", home(key, shoppers.get(0)).get("model").asText(),
                "home is ranked by the learner the gate kept");
        String cart = v1.get("gate").get("surfaces").get("cart").asText();
        assertEquals(switch (cart) {
            case "model" -> "ials-v1+cooccurrence";
            case "ease" -> "ease-v1+cooccurrence";
            default -> cart;
        }, get(key, "/v1/recommendations/cart?itemIds=" + items.get(0) + "&limit=5").get("model").asText(),
                "the cart serves what the gate chose for it: " + cart);
    }

    @Test
    @Order(2)
    void a_second_model_no_better_than_the_active_one_is_kept_rejected_with_the_gates_reason() {
        TestPlatform.Reply started = platform.send("POST", "/v1/models/trainings", key, null);
        assertEquals(202, started.status(), started.body());
        TestPlatform.Reply twice = platform.send("POST", "/v1/models/trainings", key, null);
        assertEquals(409, twice.status(), "one run per tenant at a time: " + twice.body());
        assertTrue(twice.json().get("detail").asText().contains("already"), twice.body());

        JsonNode run = awaitEnd(started.json().get("id").asText());
        assertEquals("rejected", run.get("state").asText(), run.toString());
        JsonNode v2 = send("GET", "/v1/models/2", key, null, 200);
        assertEquals("rejected", v2.get("status").asText());
        assertEquals("v1", v2.get("gate").get("opponent").asText());
        assertTrue(v2.get("gate").get("reason").asText().contains("not promoted"), v2.toString());
        assertEquals(1, send("GET", "/v1/models", key, null, 200).get("active").asInt());
        assertEquals("v1+cooccurrence", version(home(key, shoppers.get(1)).get("model").asText()));
        JsonNode usage = send("GET", "/admin/v1/tenants/models-a/usage", TestPlatform.OPERATOR, null, 200);
        assertEquals(2, usage.get("usage").get("models_trained").asLong(), "both stored models are metered");
    }

    @Test
    @Order(3)
    void promote_and_rollback_swap_the_serving_model_under_load_without_a_failed_request() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Set<String> models = ConcurrentHashMap.newKeySet();
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            load.add(clients.submit(() -> {
                for (int n = 0; running.get(); n++) {
                    // A request every few milliseconds per client: concurrent load that leaves the 2 cores room for
                    // the promotions and rollbacks this test times out on.
                    java.util.concurrent.locks.LockSupport.parkNanos(3_000_000);
                    String shopper = shoppers.get((client * 13 + n) % shoppers.size());
                    String item = items.get((client * 7 + n) % items.size());
                    String path = switch (n % 3) {
                        case 0 -> "/v1/recommendations/home?userId=" + shopper + "&limit=10";
                        case 1 -> "/v1/recommendations/cart?itemIds=" + item + "&userId=" + shopper + "&limit=10";
                        default -> "/v1/recommendations/similar?itemId=" + item + "&limit=10";
                    };
                    TestPlatform.Reply reply = platform.send("GET", path, key, null);
                    if (reply.status() != 200 || reply.json().get("items").isEmpty()) {
                        failures.add(path + " -> " + reply.status() + " " + reply.body());
                    } else {
                        // Similar lists say "+content" too; what matters here is which version ranked them.
                        models.add(version(reply.json().get("model").asText().replace("+content", "")));
                        served.incrementAndGet();
                    }
                }
            }));
        }
        try {
            for (int swap = 0; swap < 10; swap++) {
                Thread.sleep(100);
                assertEquals(2, watched("POST", "/v1/models/2/promote").get("version").asInt());
                Thread.sleep(100);
                assertEquals(1, watched("POST", "/v1/models/rollback").get("version").asInt());
            }
        } finally {
            running.set(false);
            for (Future<?> f : load) {
                f.get();
            }
            clients.shutdown();
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertTrue(served.get() > 40, "requests served during the swaps: " + served.get());
        assertEquals(Set.of("v1+cooccurrence", "v2+cooccurrence"), models);
        assertEquals(1, send("GET", "/v1/models", key, null, 200).get("active").asInt());
    }

    @Test
    @Order(4)
    void another_tenant_never_sees_nor_is_served_the_first_tenants_models() throws IOException {
        JsonNode mine = send("GET", "/v1/models", otherKey, null, 200);
        assertTrue(mine.get("active").isNull());
        assertTrue(mine.get("versions").isEmpty());
        assertEquals("cooccurrence", home(otherKey, shoppers.get(0)).get("model").asText());
        assertEquals(404, platform.send("GET", "/v1/models/1", otherKey, null).status());
        assertEquals(404, platform.send("POST", "/v1/models/1/promote", otherKey, null).status());
        TestPlatform.Reply rollback = platform.send("POST", "/v1/models/rollback", otherKey, null);
        assertEquals(409, rollback.status());
        assertTrue(rollback.json().get("detail").asText().contains("no model is active"), rollback.body());
        assertTrue(platform.send("GET", "/v1/models/trainings", otherKey, null).json().get("runs").isEmpty());
        try (Stream<Path> files = Files.walk(platform.dataDir())) {
            List<Path> artifacts = files.filter(p -> p.toString().endsWith("factors.bin")).toList();
            assertEquals(2, artifacts.size(), artifacts.toString());
            assertTrue(artifacts.stream().allMatch(p -> p.toString().contains("models-a")), artifacts.toString());
        }
    }

    @Test
    @Order(5)
    void another_replica_serves_a_promotion_or_rollback_made_here_within_its_check_interval() {
        try (TestPlatform replica = platform.replica(Duration.ofMillis(200), Duration.ofMillis(200))) {
            TestPlatform.Reply run = replica.send("GET", "/v1/models/trainings/" + firstRunId, key, null);
            assertEquals(200, run.status(), "a run's progress is answered by every replica: " + run.body());
            assertEquals("promoted", run.json().get("state").asText());
            assertEquals("v1+cooccurrence", homeOn(replica, shoppers.get(2)));
            send("POST", "/v1/models/2/promote", key, null, 200);
            assertEquals("v2+cooccurrence", awaitModelOn(replica, "v2+cooccurrence"));
            send("POST", "/v1/models/rollback", key, null, 200);
            assertEquals("v1+cooccurrence", awaitModelOn(replica, "v1+cooccurrence"));
        }
    }

    private static String homeOn(TestPlatform replica, String shopper) {
        TestPlatform.Reply reply = replica.send("GET", "/v1/recommendations/home?userId=" + shopper + "&limit=5", key,
                null);
        assertEquals(200, reply.status(), reply.body());
        return version(reply.json().get("model").asText());
    }

    /**
     * Which version ranked a list, without the learner: each surface is ranked by iALS's blend or EASE as each
     * version's gate chose ({@code ials-v2+cooccurrence} or {@code ease-v2+cooccurrence}).
     */
    private static String version(String model) {
        return model.replaceFirst("^(ials|ease)-", "");
    }

    private static String awaitModelOn(TestPlatform replica, String model) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String seen = homeOn(replica, shoppers.get(3));
        while (!seen.equals(model) && System.nanoTime() < deadline) {
            sleep(50);
            seen = homeOn(replica, shoppers.get(3));
        }
        return seen;
    }

    @Test
    @Order(6)
    void bad_model_requests_get_specific_problems() {
        TestPlatform.Reply notANumber = platform.send("GET", "/v1/models/latest", key, null);
        assertEquals(422, notANumber.status());
        assertEquals("version", notANumber.json().get("errors").get(0).get("field").asText(), notANumber.body());
        assertEquals(422, platform.send("POST", "/v1/models/0/promote", key, null).status());
        assertEquals(404, platform.send("GET", "/v1/models/trainings/no-such-run", key, null).status());
        assertEquals(404, platform.send("POST", "/v1/models/99/promote", key, null).status());
        assertEquals(401, platform.send("POST", "/v1/models/trainings", null, null).status());
        assertEquals(401, platform.send("GET", "/v1/models", TestPlatform.OPERATOR, null).status(),
                "the operator token is not a tenant key");
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    private static JsonNode awaitEnd(String runId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = send("GET", "/v1/models/trainings/" + runId, key, null, 200);
            String state = run.get("state").asText();
            if (Set.of("promoted", "rejected", "failed").contains(state)) {
                return run;
            }
            assertNotNull(run.get("epochs"));
            sleep(100);
        }
        throw new AssertionError("training run " + runId + " did not end in 3 minutes");
    }

    private static JsonNode home(String apiKey, String shopper) {
        return get(apiKey, "/v1/recommendations/home?userId=" + shopper + "&limit=10");
    }

    private static JsonNode get(String apiKey, String path) {
        JsonNode list = send("GET", path, apiKey, null, 200);
        assertFalse(list.get("items").isEmpty(), path);
        return list;
    }

    private static JsonNode send(String method, String path, String apiKey, Object body, int expected) {
        try {
            TestPlatform.Reply reply = platform.send(method, path, apiKey,
                    body == null ? null : JSON.writeValueAsString(body));
            assertEquals(expected, reply.status(), method + " " + path + ": " + reply.body());
            return reply.json();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
                // The platform runs in this JVM: where its threads are tells why the request did not finish.
                throw new AssertionError(method + " " + path + " timed out; the platform's threads:\n"
                        + threadDump(), e);
            }
            throw e;
        }
    }

    /**
     * A promotion or rollback, allowed 120 s; one still running after 10 s prints the platform's threads to the
     * test's output. In two full-suite runs (not in isolation) the first promotion under load took over 30 s, cause
     * not found yet: this records where it waits, while the test goes on checking that serving never failed.
     */
    private static JsonNode watched(String method, String path) {
        java.util.concurrent.ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
        long began = System.nanoTime();
        watch.schedule(() -> System.err.println("SLOW " + method + " " + path + " (over 10 s); the platform's "
                + "threads:\n" + threadDump()), 10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            TestPlatform.Reply reply = platform.send(method, path, key, null, "application/json",
                    Duration.ofSeconds(120));
            assertEquals(200, reply.status(), method + " " + path + ": " + reply.body());
            return reply.json();
        } finally {
            watch.shutdownNow();
            long ms = (System.nanoTime() - began) / 1_000_000;
            if (ms > 10_000) {
                System.err.println("SLOW " + method + " " + path + " took " + ms + " ms");
            }
        }
    }

    /** The stacks of the threads that run our code or wait on a lock, for a request that never finished. */
    static String threadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            boolean ours = java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("io.shelfwise"));
            if (ours || thread.getState() == Thread.State.BLOCKED) {
                dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> item(Item i) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", i.id().value());
        json.put("title", i.title());
        json.put("brand", i.brand());
        json.put("categoryPath", i.categoryPath());
        json.put("price", i.price());
        json.put("currency", i.currency());
        json.put("inStock", i.inStock());
        json.put("attributes", i.attributes());
        json.values().removeIf(v -> v == null);
        return json;
    }

    static Map<String, Object> event(ShopperEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", e.eventId());
        json.put("type", e.type().wireName());
        json.put("userId", e.userId());
        json.put("anonymousId", e.anonymousId());
        json.put("itemIds", e.itemIds().stream().map(id -> id.value()).toList());
        json.put("quantity", e.quantity());
        json.put("price", e.price());
        json.put("currency", e.currency());
        json.put("query", e.query());
        json.put("recommendationId", e.recommendationId());
        json.put("timestamp", e.occurredAt().toString());
        json.values().removeIf(v -> v == null);
        return json;
    }
}
