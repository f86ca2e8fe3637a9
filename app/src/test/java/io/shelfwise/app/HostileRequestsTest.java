package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a client that sends odd or hostile requests gets, found by trying the running platform from outside: a clear
 * problem answer, never a 500, never more work than the answer is worth, and nothing it sent in the logs.
 */
class HostileRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOW = Instant.now().minusSeconds(5).toString();
    private static final String SHOPPER_MARKER = "shopper-pii-";
    private static TestPlatform platform;
    private static String key;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        key = platform.tenantWithKey("probed", "enterprise");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void a_chunked_body_over_the_limit_is_413_like_the_same_body_with_a_length() {
        for (int size : new int[] {1_300_000, 1_900_000}) {
            byte[] body = eventsOfSize(size);
            TestPlatform.Reply chunked = platform.send(chunked("POST", "/v1/events", body));
            assertProblem(chunked, 413, "payload-too-large");
            TestPlatform.Reply sized = platform.send("POST", "/v1/events", key, new String(body, StandardCharsets.UTF_8));
            assertProblem(sized, 413, "payload-too-large");
        }
        assertEquals(0, platform.send("GET", "/v1/events?userId=" + SHOPPER_MARKER + "0", key, null).json()
                .get("events").size(), "nothing of a refused body is stored");
    }

    @Test
    void a_small_chunked_body_is_accepted() {
        String body = "{\"events\":[" + view("chunked-ok", "chunked-shopper") + "]}";
        TestPlatform.Reply reply = platform.send(chunked("POST", "/v1/events", body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, reply.status(), reply.body());
        assertEquals(1, reply.json().get("accepted").asInt());
    }

    @Test
    void a_chunked_body_past_the_server_backstop_is_413_and_never_logs_what_it_carried() {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            TestPlatform.Reply reply = platform.send(chunked("POST", "/v1/events", eventsOfSize(2_600_000)));
            assertProblem(reply, 413, "payload-too-large");
            assertFalse(reply.body().contains("safe to retry"), reply.body());
        } finally {
            root.removeHandler(capture);
        }
        synchronized (records) {
            for (LogRecord r : records) {
                String line = r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown());
                assertFalse(line.contains(SHOPPER_MARKER), "a log line carries the request body: "
                        + line.substring(0, Math.min(200, line.length())));
            }
        }
    }

    @Test
    void a_chunk_size_the_server_cannot_parse_is_a_400_problem_not_a_500() throws IOException {
        String head = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        String body = "{\"events\":[" + view("ext-1", "ext-shopper") + "]}";
        String chunks = Integer.toHexString(4) + "\r\n" + body.substring(0, 4) + "\r\n"
                + "zz" + "\r\n" + body.substring(4) + "\r\n0\r\n\r\n";
        RawReply reply = raw(head + chunks);
        assertTrue(reply.status() == 400, reply.toString());
        assertEquals("application/problem+json", reply.header("content-type"));
        assertEquals(400, JSON.readTree(reply.body()).get("status").asInt());
    }

    @Test
    void timestamps_out_of_any_store_history_are_422_naming_the_field() {
        for (String at : List.of("-1000000000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z")) {
            TestPlatform.Reply reply = platform.send("POST", "/v1/events", key, "{\"events\":[{\"eventId\":\"old-1\","
                    + "\"type\":\"view\",\"userId\":\"u1\",\"itemIds\":[\"sku-1\"],\"timestamp\":\"" + at + "\"}]}");
            assertProblem(reply, 422, "validation");
            assertEquals(List.of("events[0].timestamp"), reply.problemFields());
        }
        TestPlatform.Reply imported = platform.send("POST", "/v1/events", key, "{\"events\":[{\"eventId\":\"rr-2015\","
                + "\"type\":\"view\",\"userId\":\"u1\",\"itemIds\":[\"sku-1\"],\"timestamp\":\"2015-06-02T05:02:12Z\"}]}");
        assertEquals(200, imported.status(), "an imported history is welcome: " + imported);
    }

    @Test
    void a_body_over_the_server_backstop_with_a_length_is_a_413_problem() throws IOException {
        String head = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\nConnection: close\r\n\r\n";
        RawReply reply = raw(head);
        assertEquals(413, reply.status(), reply.toString());
        assertRawProblem(reply, "payload-too-large");
    }

    @Test
    void a_long_path_a_huge_cart_and_thousands_of_parameters_are_414_problems() throws IOException {
        String cart = IntStream.range(0, 5000).mapToObj(i -> "item-" + i).collect(Collectors.joining(","));
        String params = IntStream.range(0, 3000).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));
        for (String target : List.of("/v1/items/" + "x".repeat(10_000),
                "/v1/recommendations/cart?itemIds=" + cart, "/v1/recommendations/popular?" + params)) {
            RawReply reply = raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                    + "\r\nConnection: close\r\n\r\n");
            assertEquals(414, reply.status(), reply.toString());
            assertRawProblem(reply, "uri-too-long");
        }
    }

    @Test
    void oversized_headers_are_a_431_problem() throws IOException {
        RawReply reply = raw("GET /v1/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nX-Padding: " + "p".repeat(60_000) + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, reply.status(), reply.toString());
        assertRawProblem(reply, "headers-too-large");
    }

    @Test
    void a_key_given_twice_in_the_body_is_refused_not_last_wins() {
        TestPlatform.Reply reply = platform.send("POST", "/v1/events", key, "{\"events\":[" + view("dup-1", "dup")
                + "],\"events\":[" + view("dup-2", "dup") + "]}");
        assertProblem(reply, 400, "malformed-json");
        assertTrue(reply.json().get("detail").asText().contains("Duplicate field 'events'"), reply.body());
        TestPlatform.Reply nested = platform.send("POST", "/v1/events", key, "{\"events\":[{\"eventId\":\"dup-3\","
                + "\"eventId\":\"dup-4\",\"type\":\"view\",\"userId\":\"dup\",\"itemIds\":[\"sku-1\"],\"timestamp\":\""
                + NOW + "\"}]}");
        assertProblem(nested, 400, "malformed-json");
        assertEquals(0, platform.send("GET", "/v1/events?userId=dup", key, null).json().get("events").size());
    }

    @Test
    void only_utf8_bodies_are_accepted() {
        String body = "{\"events\":[" + view("utf16-1", "utf16") + "]}";
        for (java.nio.charset.Charset charset : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE)) {
            TestPlatform.Reply reply = platform.send(request("POST", "/v1/events", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(charset))));
            assertProblem(reply, 415, "unsupported-media-type");
            assertTrue(reply.json().get("detail").asText().contains("UTF-8"), reply.body());
        }
        TestPlatform.Reply latin = platform.send(request("POST", "/v1/events", "application/json; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertProblem(latin, 415, "unsupported-media-type");
        TestPlatform.Reply utf8 = platform.send(request("POST", "/v1/events", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, utf8.status(), utf8.body());
    }

    @Test
    void an_empty_or_repeated_query_parameter_is_422_naming_it() {
        TestPlatform.Reply empty = platform.send("GET", "/v1/recommendations/popular?limit=", key, null);
        assertProblem(empty, 422, "validation");
        assertEquals(List.of("limit"), empty.problemFields());
        TestPlatform.Reply twice = platform.send("GET", "/v1/recommendations/popular?limit=5&limit=7", key, null);
        assertProblem(twice, 422, "validation");
        assertEquals(List.of("limit"), twice.problemFields());
        assertTrue(twice.json().get("errors").get(0).get("message").asText().contains("2 times"), twice.body());
        assertEquals(200, platform.send("GET", "/v1/recommendations/popular?limit=5", key, null).status());
    }

    @Test
    void repeated_failed_authentication_from_one_address_is_answered_429_before_any_key_is_checked() {
        TestPlatform guarded = TestPlatform.withServer(s -> s.withAuthFailures(5, 0.5));
        try {
            String valid = guarded.tenantWithKey("guarded", "standard");
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String guess = "sw_key_" + String.format("%016d", i) + "_" + "A".repeat(40);
                statuses.add(guarded.send("GET", "/v1/items", guess, null).status());
            }
            assertEquals(List.of(401, 401, 401, 401, 401), statuses.subList(0, 5), statuses.toString());
            assertTrue(statuses.subList(6, 12).stream().allMatch(s -> s == 429), statuses.toString());
            TestPlatform.Reply blocked = guarded.send("GET", "/v1/items", "sw_key_x_y", null);
            assertProblem(blocked, 429, "rate-limited");
            assertTrue(Integer.parseInt(blocked.header("Retry-After")) >= 1);
            assertNotNull(valid);
        } finally {
            guarded.close();
        }
        // Another platform (another guard) and successful calls are not affected.
        assertEquals(200, platform.send("GET", "/v1/items", key, null).status());
    }

    @Test
    void past_the_limit_of_requests_in_flight_the_answer_is_a_fast_503_with_retry_after() throws Exception {
        TestPlatform small = TestPlatform.withServer(s -> s.withConcurrency(2, 0, Duration.ZERO));
        try {
            String slowKey = small.tenantWithKey("slow", "enterprise");
            // Two uploads that announce a body and never send it hold both permits, as slow clients would. One that
            // lost the race for a permit to a probe was answered 503 at once: it is replaced until both hold one.
            List<Socket> stalled = new ArrayList<>();
            TestPlatform.Reply rejected = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (Socket socket : List.copyOf(stalled)) {
                    if (socket.getInputStream().available() > 0) {
                        socket.close();
                        stalled.remove(socket);
                    }
                }
                while (stalled.size() < 2) {
                    stalled.add(stalledUpload(small, slowKey));
                }
                Thread.sleep(50);
                rejected = small.send("GET", "/v1/items", slowKey, null);
                if (rejected.status() == 503) {
                    break;
                }
            }
            assertProblem(rejected, 503, "overloaded");
            assertEquals("1", rejected.header("Retry-After"));
            for (Socket socket : stalled) {
                socket.close();
            }
            TestPlatform.Reply after = null;
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                after = small.send("GET", "/v1/items", slowKey, null);
                if (after.status() == 200) {
                    break;
                }
                Thread.sleep(20);
            }
            assertEquals(200, after.status(), "permits come back once the slow clients are gone: " + after);
        } finally {
            small.close();
        }
    }

    private static Socket stalledUpload(TestPlatform target, String key) throws IOException {
        Socket socket = new Socket("127.0.0.1", URI.create(target.baseUrl()).getPort());
        socket.getOutputStream().write(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static byte[] eventsOfSize(int bytes) {
        StringBuilder sb = new StringBuilder("{\"events\":[");
        int i = 0;
        while (sb.length() < bytes) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(view("big-" + i, SHOPPER_MARKER + i));
            i++;
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String view(String id, String user) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"view\",\"userId\":\"" + user + "\",\"itemIds\":[\"sku-1\"],"
                + "\"timestamp\":\"" + NOW + "\"}";
    }

    private static HttpRequest.Builder request(String method, String path, String contentType) {
        return HttpRequest.newBuilder(URI.create(platform.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", contentType);
    }

    /** A body of unknown length: the client sends it chunked. */
    private static HttpRequest.Builder chunked(String method, String path, byte[] body) {
        return request(method, path, "application/json")
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    private static void assertProblem(TestPlatform.Reply reply, int status, String type) {
        assertNotNull(reply);
        assertEquals(status, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.header("Content-Type"));
        JsonNode json = reply.json();
        assertEquals("https://shelfwise.io/problems/" + type, json.get("type").asText(), reply.body());
        assertEquals(status, json.get("status").asInt());
        assertTrue(json.get("detail").asText().length() > 5, reply.body());
    }

    private static void assertRawProblem(RawReply reply, String type) throws IOException {
        assertEquals("application/problem+json", reply.header("content-type"), reply.toString());
        JsonNode json = JSON.readTree(reply.body());
        assertEquals("https://shelfwise.io/problems/" + type, json.get("type").asText());
        assertEquals(reply.status(), json.get("status").asInt());
    }

    /** Sends bytes exactly as given and reads the answer until the server closes the connection. */
    private static RawReply raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", URI.create(platform.baseUrl()).getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // The server may close while unread request bytes are still on the wire; what it answered counts.
            }
            return RawReply.parse(answer.toString(StandardCharsets.UTF_8));
        }
    }

    private record RawReply(int status, List<String> headers, String body) {
        static RawReply parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String[] lines = head.split("\r\n");
            int status = lines.length == 0 || lines[0].length() < 12 ? -1 : Integer.parseInt(lines[0].substring(9, 12));
            return new RawReply(status, List.of(lines).subList(Math.min(1, lines.length), lines.length),
                    end < 0 ? "" : text.substring(end + 4));
        }

        String header(String name) {
            return headers.stream().filter(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith(name + ":"))
                    .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse(null);
        }
    }
}
