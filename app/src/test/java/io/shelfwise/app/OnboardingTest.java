package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One request takes a store from nothing to serving: the workflow over real HTTP, its failures, retry and cancel. */
class OnboardingTest {
    private static TestPlatform platform;

    @TempDir
    Path data;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void a_store_with_history_goes_from_nothing_to_serving_in_one_request() throws IOException {
        writeStore(data, 0);
        TestPlatform.Reply started = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"fresh-shop\",\"displayName\":\"Fresh Shop\",\"tier\":\"standard\","
                        + "\"contact\":\"ops@fresh.example\",\"dataLocation\":\"" + data + "\"}");
        assertEquals(202, started.status(), started.body());
        assertTrue(started.header("Location").endsWith("/admin/v1/onboardings/" + started.json().get("id").asText()));

        JsonNode done = await(started.json().get("id").asText(), "succeeded");
        Map<String, String> states = stepStates(done);
        assertEquals("done", states.get("register"));
        assertEquals("done", states.get("import-catalog"));
        assertEquals("done", states.get("import-events"));
        assertEquals("done", states.get("train"));
        assertEquals("done", states.get("gate"));
        assertEquals("done", states.get("smoke-test"), done.toString());
        assertTrue(step(done, "import-catalog").get("output").asText().contains("catalog: 40 rows imported, 0 refused"),
                step(done, "import-catalog").toString());
        assertTrue(step(done, "import-events").get("output").asText().contains("events: 600 rows imported"));
        // The key is handed over once, and it works at once.
        String key = done.get("apiKey").asText();
        assertNull(platform.send("GET", "/admin/v1/onboardings/" + done.get("id").asText(), TestPlatform.OPERATOR,
                null).json().get("apiKey").textValue());
        assertEquals(40, platform.send("GET", "/v1/items?limit=100", key, null).json().get("items").size());
        TestPlatform.Reply home = platform.send("GET", "/v1/recommendations/home?userId=u-1&limit=5", key, null);
        assertEquals(5, home.json().get("items").size(), home.body());
        assertEquals("active", platform.send("GET", "/admin/v1/tenants/fresh-shop", TestPlatform.OPERATOR, null)
                .json().get("state").asText());
    }

    @Test
    void a_store_without_data_starts_cold_and_goes_live() {
        TestPlatform.Reply started = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"cold-shop\",\"displayName\":\"Cold Shop\",\"tier\":\"premium\"}");
        JsonNode done = await(started.json().get("id").asText(), "succeeded");
        Map<String, String> states = stepStates(done);
        for (String skipped : List.of("import-catalog", "import-events", "train", "gate", "smoke-test")) {
            assertEquals("skipped", states.get(skipped), skipped);
        }
        assertEquals("done", states.get("placement"));
        assertEquals(200, platform.send("GET", "/v1/items", done.get("apiKey").asText(), null).status());
    }

    @Test
    void a_bad_catalog_fails_its_step_with_a_readable_report_and_a_retry_after_the_fix_finishes() throws IOException {
        writeStore(data, 5);
        TestPlatform.Reply started = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"typo-shop\",\"displayName\":\"Typo Shop\",\"tier\":\"standard\",\"dataLocation\":\""
                        + data + "\"}");
        String id = started.json().get("id").asText();
        JsonNode failed = await(id, "failed");
        JsonNode step = step(failed, "import-catalog");
        assertEquals("failed", step.get("state").asText());
        String report = step.get("error").asText();
        assertTrue(report.contains("35 rows imported, 5 refused"), report);
        assertTrue(report.contains("line 2, price: "), report);
        assertTrue(report.contains("line 3, inStock: is required"), report);
        assertEquals("pending", stepStates(failed).get("import-events"));
        assertEquals(409, platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"typo-shop\",\"displayName\":\"Again\",\"tier\":\"standard\"}").status());

        writeStore(data, 0);
        assertEquals(202, platform.send("POST", "/admin/v1/onboardings/" + id + "/retry", TestPlatform.OPERATOR,
                null).status());
        JsonNode done = await(id, "succeeded");
        assertEquals(2, step(done, "import-catalog").get("attempts").asInt());
        assertEquals(1, step(done, "register").get("attempts").asInt(), "done steps are not run again");
        assertEquals(40, platform.send("GET", "/v1/items?limit=100", done.get("apiKey").asText(), null).json()
                .get("items").size());
    }

    @Test
    void cancelling_undoes_what_the_onboarding_created() throws IOException {
        writeStore(data, 10);
        String id = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"gone-shop\",\"displayName\":\"Gone Shop\",\"tier\":\"enterprise\",\"dataLocation\":\""
                        + data + "\"}").json().get("id").asText();
        await(id, "failed");
        assertEquals(202, platform.send("DELETE", "/admin/v1/onboardings/" + id, TestPlatform.OPERATOR, null)
                .status());
        JsonNode cancelled = await(id, "cancelled");
        Map<String, String> states = stepStates(cancelled);
        for (String undone : List.of("register", "identity", "data-stores", "placement", "api-key")) {
            assertEquals("compensated", states.get(undone), undone);
        }
        assertEquals(404, platform.send("GET", "/admin/v1/tenants/gone-shop", TestPlatform.OPERATOR, null).status(),
                "the tenant and its imported rows are erased");
        assertEquals(1, platform.send("GET", "/admin/v1/onboardings", TestPlatform.OPERATOR, null).json()
                .get("onboardings").findValues("tenantId").stream().filter(t -> t.asText().equals("gone-shop"))
                .count(), "the cancelled onboarding stays as its account");
        // Nothing is left in the way: the same store onboards again under the same id.
        writeStore(data, 0);
        JsonNode again = await(platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"gone-shop\",\"displayName\":\"Gone Shop\",\"tier\":\"enterprise\",\"dataLocation\":\""
                        + data + "\"}").json().get("id").asText(), "succeeded");
        assertTrue(step(again, "import-catalog").get("output").asText().contains("40 rows imported, 0 refused"));
    }

    @Test
    void two_onboardings_at_once_each_keep_to_their_own_store() throws IOException {
        Path first = Files.createDirectories(data.resolve("first"));
        Path second = Files.createDirectories(data.resolve("second"));
        writeStore(first, 0);
        writeRetailRocket(second, Instant.now().minus(Duration.ofDays(20)));
        String a = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR, "{\"tenantId\":\"twin-a\","
                + "\"displayName\":\"A\",\"tier\":\"standard\",\"dataLocation\":\"" + first + "\"}").json()
                .get("id").asText();
        String b = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR, "{\"tenantId\":\"twin-b\","
                + "\"displayName\":\"B\",\"tier\":\"standard\",\"dataLocation\":\"" + second + "\"}").json()
                .get("id").asText();
        String keyA = await(a, "succeeded").get("apiKey").asText();
        String keyB = await(b, "succeeded").get("apiKey").asText();
        List<String> itemsA = new ArrayList<>();
        platform.send("GET", "/v1/items?limit=100", keyA, null).json().get("items")
                .forEach(i -> itemsA.add(i.get("id").asText()));
        List<String> itemsB = new ArrayList<>();
        platform.send("GET", "/v1/items?limit=100", keyB, null).json().get("items")
                .forEach(i -> itemsB.add(i.get("id").asText()));
        assertTrue(itemsA.stream().allMatch(i -> i.startsWith("sku-")), itemsA.toString());
        assertTrue(itemsB.stream().noneMatch(i -> i.startsWith("sku-")), itemsB.toString());
        assertEquals(40, itemsA.size());
        assertEquals(40, itemsB.size());
    }

    @Test
    void an_unknown_onboarding_is_404_and_a_bad_request_names_the_field() {
        assertEquals(404, platform.send("GET", "/admin/v1/onboardings/onb-nothing", TestPlatform.OPERATOR, null)
                .status());
        TestPlatform.Reply bad = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"Bad Id\",\"displayName\":\"x\",\"tier\":\"gold\"}");
        assertEquals(422, bad.status(), bad.body());
        assertEquals(List.of("id", "tier"), bad.problemFields());
        assertEquals(401, platform.send("GET", "/admin/v1/onboardings", null, null).status());
    }

    @Test
    void progress_streams_as_server_sent_events_until_the_end_and_the_guide_repeats_how_to_connect()
            throws Exception {
        writeStore(data, 0);
        String id = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"live-shop\",\"displayName\":\"Live Shop\",\"tier\":\"standard\",\"dataLocation\":\""
                        + data + "\"}").json().get("id").asText();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> stream = java.net.http.HttpClient.newHttpClient()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(platform.baseUrl()
                                + "/admin/v1/onboardings/" + id + "/events"))
                        .header("Authorization", "Bearer " + TestPlatform.OPERATOR)
                        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        stream.body().forEach(line -> {
            if (line.startsWith("data:")) {
                try {
                    events.add(json.readTree(line.substring(5)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertTrue(events.size() >= 3, "several updates, got " + events.size());
        assertEquals("succeeded", events.get(events.size() - 1).get("state").asText(), "the stream ends when done");
        assertTrue(events.stream().allMatch(e -> e.get("apiKey").isNull()), "events never carry the key");
        assertTrue(events.stream().anyMatch(e -> stepStates(e).get("import-events").equals("running")
                || stepStates(e).get("train").equals("running")), "progress is seen while it runs");
        assertNotNull(platform.send("GET", "/admin/v1/onboardings/" + id, TestPlatform.OPERATOR, null).json()
                .get("apiKey").textValue(), "following the stream did not use up the key's one showing");

        JsonNode guide = platform.send("GET", "/admin/v1/onboardings/" + id + "/guide", TestPlatform.OPERATOR, null)
                .json();
        assertEquals("live-shop", guide.get("tenantId").asText());
        assertEquals(platform.baseUrl(), guide.get("baseUrl").asText());
        assertTrue(guide.get("sdk").asText().startsWith("io.shelfwise:shelfwise-sdk:"));
        assertTrue(guide.get("snippet").asText().contains("SHELFWISE_API_KEY"));
        assertTrue(!guide.toString().contains("sw_key_"), "the guide never carries a key");
    }

    @Test
    void offboarding_exports_the_store_then_leaves_nothing_of_it_and_the_export_onboards_again() throws IOException {
        writeStore(data, 0);
        String id = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"leaving-shop\",\"displayName\":\"Leaving\",\"tier\":\"premium\",\"dataLocation\":\""
                        + data + "\"}").json().get("id").asText();
        String key = await(id, "succeeded").get("apiKey").asText();
        assertEquals(200, platform.send("GET", "/v1/items", key, null).status());
        Path artifacts = platform.dataDir().resolve("artifacts").resolve("leaving-shop");
        assertTrue(Files.exists(artifacts), "the trained model is in its artifacts");
        Path export = data.resolve("export");

        TestPlatform.Reply report = platform.send("POST", "/admin/v1/offboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"leaving-shop\",\"exportLocation\":\"" + export + "\"}");
        assertEquals(200, report.status(), report.body());
        List<String> steps = new ArrayList<>();
        report.json().get("steps").forEach(s -> steps.add(s.get("step").asText()));
        assertEquals(List.of("export", "revoke-keys", "stop-serving", "remove-infrastructure", "remove-data-stores",
                "remove-identity", "erase-records"), steps);
        assertEquals(40, Files.readAllLines(export.resolve("catalog.jsonl")).size());
        assertEquals(600, Files.readAllLines(export.resolve("events.jsonl")).size());
        assertTrue(report.body().contains("no row names the tenant in any of"), report.body());

        assertEquals(401, platform.send("GET", "/v1/items", key, null).status(), "its key is dead");
        assertEquals(404, platform.send("GET", "/admin/v1/tenants/leaving-shop", TestPlatform.OPERATOR, null).status());
        assertTrue(!Files.exists(artifacts), "its artifacts are gone: " + artifacts);
        assertTrue(!Files.exists(platform.dataDir().resolve("identity").resolve("leaving-shop.json")),
                "its identity is gone");
        assertEquals(404, platform.send("POST", "/admin/v1/offboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"leaving-shop\"}").status(), "nothing is left to offboard");

        // What was exported is a data source: the same store onboards again from it.
        String again = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"leaving-shop\",\"displayName\":\"Back\",\"tier\":\"standard\",\"dataLocation\":\""
                        + export + "\"}").json().get("id").asText();
        JsonNode back = await(again, "succeeded");
        assertTrue(step(back, "import-events").get("output").asText().contains("600 rows imported, 0 refused"));
    }

    @Test
    void a_store_offboarded_while_its_shoppers_are_still_served_leaves_no_row_behind() throws Exception {
        writeStore(data, 0);
        String id = platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"busy-shop\",\"displayName\":\"Busy\",\"tier\":\"premium\",\"dataLocation\":\""
                        + data + "\"}").json().get("id").asText();
        String key = await(id, "succeeded").get("apiKey").asText();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        Thread traffic = Thread.ofPlatform().start(() -> {
            int event = 0;
            while (!stop.get()) {
                // Metered requests and logged lists, written after the request: still in flight while erasing.
                if (platform.send("GET", "/v1/recommendations/home?userId=u-" + (event % 7), key, null).status()
                        == 200) {
                    served.incrementAndGet();
                }
                platform.send("POST", "/v1/events", key, "{\"events\":[{\"eventId\":\"late-" + event++
                        + "\",\"type\":\"view\",\"userId\":\"u-1\",\"itemIds\":[\"sku-1\"]}]}");
            }
        });
        try {
            while (served.get() < 20) {
                Thread.sleep(10);
            }
            TestPlatform.Reply report = platform.send("POST", "/admin/v1/offboardings", TestPlatform.OPERATOR,
                    "{\"tenantId\":\"busy-shop\"}");
            assertEquals(200, report.status(), report.body());
        } finally {
            stop.set(true);
            traffic.join();
        }
        // One metering flush later (5 s in tests) the counts made just before the keys died are not written back.
        Thread.sleep(5_500);
        assertEquals(404, platform.send("POST", "/admin/v1/offboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"busy-shop\"}").status(), "no row names the store any more");
    }

    @Test
    void a_retail_rocket_export_onboards_and_an_old_one_goes_live_without_a_model_and_says_so() throws IOException {
        Path recent = Files.createDirectories(data.resolve("recent"));
        Path old = Files.createDirectories(data.resolve("old"));
        writeRetailRocket(recent, Instant.now().minus(Duration.ofDays(20)));
        writeRetailRocket(old, Instant.parse("2015-06-02T05:00:00Z"));

        JsonNode fresh = await(platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"rocket-shop\",\"displayName\":\"Rocket\",\"tier\":\"standard\",\"dataLocation\":\""
                        + recent + "\"}").json().get("id").asText(), "succeeded");
        assertTrue(step(fresh, "import-catalog").get("output").asText().contains("catalog: 40 rows imported, 0 refused"),
                step(fresh, "import-catalog").toString());
        assertTrue(step(fresh, "import-events").get("output").asText().contains("events: 600 rows imported"));
        assertEquals("done", step(fresh, "smoke-test").get("state").asText());

        JsonNode history = await(platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"museum-shop\",\"displayName\":\"Museum\",\"tier\":\"standard\",\"dataLocation\":\""
                        + old + "\"}").json().get("id").asText(), "succeeded");
        assertTrue(step(history, "gate").get("output").asText().startsWith("no model could be trained yet"),
                step(history, "gate").toString());
        assertEquals("done", step(history, "smoke-test").get("state").asText(), "it still serves in-stock lists");
    }

    /** RetailRocket's layout: 40 items with properties, 30 visitors who view, cart and buy over 10 days. */
    static void writeRetailRocket(Path dir, Instant start) throws IOException {
        List<String> events = new ArrayList<>(List.of("timestamp,visitorid,event,itemid,transactionid"));
        for (int u = 0; u < 30; u++) {
            for (int k = 0; k < 20; k++) {
                int item = u % 2 + 2 * ((u + k * 3) % 20);
                String type = k % 10 == 9 ? "addtocart" : k == 19 ? "transaction" : "view";
                events.add(start.plus(Duration.ofMinutes(u * 500L + k * 20L)).toEpochMilli() + "," + (1000 + u) + ","
                        + (k == 18 ? "transaction" : type) + "," + (500 + item) + "," + (k == 18 ? "t" + u : ""));
            }
        }
        Files.write(dir.resolve("events.csv"), events);
        List<String> properties = new ArrayList<>(List.of("timestamp,itemid,property,value"));
        for (int i = 0; i < 40; i++) {
            properties.add(start.toEpochMilli() + "," + (500 + i) + ",categoryid," + (i % 2 == 0 ? 1338 : 1339));
            properties.add(start.toEpochMilli() + "," + (500 + i) + ",available,1");
        }
        Files.write(dir.resolve("item_properties_part1.csv"), properties);
    }

    @Test
    void files_uploaded_in_pieces_are_a_data_source_and_a_piece_sent_twice_or_out_of_order_changes_nothing()
            throws Exception {
        writeStore(data, 0);
        TestPlatform.Reply created = platform.send("POST", "/admin/v1/uploads", TestPlatform.OPERATOR, null);
        assertEquals(201, created.status(), created.body());
        String upload = created.json().get("id").asText();
        for (String file : List.of("catalog.jsonl", "events.jsonl")) {
            byte[] bytes = Files.readAllBytes(data.resolve(file));
            int piece = 7_000;
            for (int offset = 0; offset < bytes.length; offset += piece) {
                byte[] part = java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + piece));
                TestPlatform.Reply sent = put(upload, file, offset, part);
                assertEquals(200, sent.status(), sent.body());
                if (offset == piece) {
                    assertEquals(200, put(upload, file, offset, part).status(), "a retried piece is harmless");
                    assertEquals(409, put(upload, file, offset + 2 * piece, part).status(), "a gap is refused");
                }
            }
            assertEquals(bytes.length, platform.send("GET", "/admin/v1/uploads/" + upload, TestPlatform.OPERATOR,
                    null).json().get("files").get(file).asLong());
        }
        assertEquals(422, put(upload, "passwords.txt", 0, new byte[] {'x'}).status());
        assertEquals(404, put("upl-00000000-0000-0000-0000-000000000000", "events.jsonl", 0, new byte[] {'x'})
                .status());

        String location = created.json().get("location").asText();
        JsonNode done = await(platform.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR,
                "{\"tenantId\":\"uploaded-shop\",\"displayName\":\"Uploaded\",\"tier\":\"standard\","
                        + "\"dataLocation\":\"" + location + "\"}").json().get("id").asText(), "succeeded");
        assertTrue(step(done, "import-events").get("output").asText().contains("events: 600 rows imported, 0 refused"));
    }

    private static TestPlatform.Reply put(String upload, String file, long offset, byte[] piece) {
        return platform.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(platform.baseUrl()
                        + "/admin/v1/uploads/" + upload + "/files/" + file + "?offset=" + offset))
                .header("Authorization", "Bearer " + TestPlatform.OPERATOR)
                .header("Content-Type", "application/octet-stream")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(piece)));
    }

    @Test
    void an_onboarding_cut_short_by_a_restart_resumes_when_the_platform_starts_again() throws IOException {
        TestPlatform first = TestPlatform.start();
        Path store = Files.createDirectories(data.resolve("restart"));
        writeStore(store, 0);
        String id = first.send("POST", "/admin/v1/onboardings", TestPlatform.OPERATOR, "{\"tenantId\":\"restart-shop\","
                + "\"displayName\":\"Restart\",\"tier\":\"standard\",\"dataLocation\":\"" + store + "\"}").json()
                .get("id").asText();
        // Stopped while the workflow runs; the next process over the same database and directory picks it up.
        TestPlatform second = first.restarted();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            JsonNode run = null;
            while (System.nanoTime() < deadline) {
                run = second.send("GET", "/admin/v1/onboardings/" + id, TestPlatform.OPERATOR, null).json();
                if (!run.get("state").asText().equals("running")) {
                    break;
                }
                sleep();
            }
            assertEquals("succeeded", run.get("state").asText(), run.toString());
            assertEquals(40, second.send("GET", "/v1/items?limit=100", run.get("apiKey").asText(), null).json()
                    .get("items").size());
        } finally {
            second.close();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * 40 items in two brands, 30 shoppers who view, cart and buy within their brand over the last 20 days; the first
     * {@code badRows} catalog lines are broken in two ways (a price that is not a number, no stock flag).
     */
    static void writeStore(Path dir, int badRows) throws IOException {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String brand = i % 2 == 0 ? "Alpha" : "Beta";
            String line = "{\"id\":\"sku-" + i + "\",\"title\":\"Item " + i + "\",\"brand\":\"" + brand
                    + "\",\"categoryPath\":[\"" + brand + " things\"],\"price\":" + (10 + i) + ",\"currency\":\"EUR\","
                    + "\"inStock\":true}";
            if (i < badRows) {
                line = i % 2 == 0 ? line.replace("\"price\":" + (10 + i), "\"price\":\"cheap\"")
                        : line.replace(",\"inStock\":true", "");
            }
            items.add(line);
        }
        // A blank first line: line numbers in reports count it, so item i is on line i + 2.
        items.add(0, "");
        Files.write(dir.resolve("catalog.jsonl"), items);
        List<String> events = new ArrayList<>();
        // At noon, 20 days ago, whatever the hour the test runs: each shopper's events span ~6 hours, and the gate's
        // held-out days begin at a midnight, so with a start at the hour of the run some hours of the day left no
        // shopper both before and after the split, no model could be evaluated and none was trained.
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(20))
                .plus(Duration.ofHours(12));
        int n = 0;
        for (int u = 0; u < 30; u++) {
            int parity = u % 2;
            for (int k = 0; k < 20; k++) {
                int item = parity + 2 * ((u + k * 3) % 20);
                String type = k % 10 == 9 ? "add_to_cart" : "view";
                events.add("{\"eventId\":\"h-" + (n++) + "\",\"type\":\"" + type + "\",\"userId\":\"u-" + u
                        + "\",\"itemIds\":[\"sku-" + item + "\"],\"timestamp\":\""
                        + start.plus(Duration.ofMinutes(u * 500L + k * 20L)) + "\"}");
            }
        }
        Files.write(dir.resolve("events.jsonl"), events);
    }

    private static JsonNode await(String id, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            run = platform.send("GET", "/admin/v1/onboardings/" + id, TestPlatform.OPERATOR, null).json();
            if (run.get("state").asText().equals(state)) {
                return run;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("onboarding " + id + " did not become " + state + ": " + run);
    }

    private static Map<String, String> stepStates(JsonNode run) {
        Map<String, String> states = new TreeMap<>();
        run.get("steps").forEach(s -> states.put(s.get("step").asText(), s.get("state").asText()));
        return states;
    }

    private static JsonNode step(JsonNode run, String name) {
        for (JsonNode s : run.get("steps")) {
            if (s.get("step").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step " + name);
    }
}
