package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An event batch answered with 2xx survives a {@code kill -9} of the server right after the answer: the platform
 * runs as a separate process (the real {@code Main}), is killed while a client is sending, and is started again
 * on the same data directory.
 */
class CrashDurabilityTest {
    private static final Pattern LISTENING = Pattern.compile("Shelfwise is listening on (http://\\S+)");
    private static final int EVENTS_PER_BATCH = 25;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acknowledged_batches_survive_kill_minus_9() throws Exception {
        Path dataDir = Files.createTempDirectory("shelfwise-crash");
        Server first = Server.start(dataDir);
        String key;
        List<Integer> acknowledged = new ArrayList<>();
        try {
            send(first.url, "POST", "/admin/v1/tenants", TestPlatform.OPERATOR,
                    "{\"id\":\"durable\",\"displayName\":\"Durable\",\"tier\":\"enterprise\"}");
            key = send(first.url, "POST", "/admin/v1/tenants/durable/keys", TestPlatform.OPERATOR, "{}")
                    .body().replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
            for (int batch = 0; batch < 40; batch++) {
                HttpResponse<String> reply = send(first.url, "POST", "/v1/events", key, batch(batch));
                assertEquals(200, reply.statusCode(), reply.body());
                acknowledged.add(batch);
            }
        } finally {
            // SIGKILL immediately after the last acknowledgement: no shutdown hook, no flush, no clean close.
            first.process.destroyForcibly();
            assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
        }

        Server second = Server.start(dataDir);
        try {
            for (int batch : acknowledged) {
                HttpResponse<String> events = send(second.url, "GET", "/v1/events?limit=500&userId=shopper-" + batch,
                        key, null);
                assertEquals(200, events.statusCode(), () -> events.body() + "\nthe server's last lines:\n"
                        + second.logTail());
                long stored = Pattern.compile("\"eventId\"").matcher(events.body()).results().count();
                assertEquals(EVENTS_PER_BATCH, stored, "batch " + batch + " lost events after kill -9");
            }
        } finally {
            second.process.destroyForcibly();
            second.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The same with four clients sending at once, so that batches share group commits, and the kill landing while
     * batches are in flight: every acknowledged batch is there after the restart, and every batch, acknowledged or
     * not, is there whole or not at all (a group is one transaction).
     */
    @Test
    void batches_committed_in_groups_survive_kill_minus_9_whole_or_not_at_all() throws Exception {
        Path dataDir = Files.createTempDirectory("shelfwise-crash-groups");
        Server first = Server.start(dataDir);
        send(first.url, "POST", "/admin/v1/tenants", TestPlatform.OPERATOR,
                "{\"id\":\"grouped\",\"displayName\":\"Grouped\",\"tier\":\"enterprise\"}");
        String key = send(first.url, "POST", "/admin/v1/tenants/grouped/keys", TestPlatform.OPERATOR, "{}")
                .body().replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
        java.util.Set<Integer> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch enough = new java.util.concurrent.CountDownLatch(60);
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            Thread sender = new Thread(() -> {
                while (true) {
                    int batch = next.getAndIncrement();
                    try {
                        if (send(first.url, "POST", "/v1/events", key, batch(batch)).statusCode() == 200) {
                            acknowledged.add(batch);
                            enough.countDown();
                        }
                    } catch (IOException | InterruptedException e) {
                        return; // the server is gone
                    }
                }
            }, "sender-" + s);
            sender.start();
            senders.add(sender);
        }
        try {
            assertTrue(enough.await(60, TimeUnit.SECONDS), "60 batches acknowledged");
        } finally {
            // SIGKILL while the senders still send: some batches are being written at that moment.
            first.process.destroyForcibly();
            assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
        }
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(60));
        }
        int attempted = next.get();

        Server second = Server.start(dataDir);
        try {
            int storedBatches = 0;
            for (int batch = 0; batch < attempted; batch++) {
                HttpResponse<String> events = send(second.url, "GET", "/v1/events?limit=500&userId=shopper-" + batch,
                        key, null);
                assertEquals(200, events.statusCode(), () -> events.body() + "\nthe server's last lines:\n"
                        + second.logTail());
                long stored = Pattern.compile("\"eventId\"").matcher(events.body()).results().count();
                if (acknowledged.contains(batch)) {
                    assertEquals(EVENTS_PER_BATCH, stored, "acknowledged batch " + batch + " lost events");
                } else {
                    assertTrue(stored == 0 || stored == EVENTS_PER_BATCH, "batch " + batch + " stored in part");
                }
                storedBatches += stored > 0 ? 1 : 0;
            }
            HttpResponse<String> usage = send(second.url, "GET", "/admin/v1/tenants/grouped/usage",
                    TestPlatform.OPERATOR, null);
            assertEquals(200, usage.statusCode(), usage.body());
            assertTrue(usage.body().contains("\"events_accepted\":" + storedBatches * EVENTS_PER_BATCH),
                    "the quota counter agrees with the stored batches (" + storedBatches + "): " + usage.body());
        } finally {
            second.process.destroyForcibly();
            second.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String batch(int batch) {
        String now = Instant.now().toString();
        return "{\"events\":[" + IntStream.range(0, EVENTS_PER_BATCH)
                .mapToObj(i -> "{\"eventId\":\"b" + batch + "-" + i + "\",\"type\":\"view\",\"userId\":\"shopper-"
                        + batch + "\",\"itemIds\":[\"sku-" + i + "\"],\"timestamp\":\"" + now + "\"}")
                .collect(Collectors.joining(",")) + "]}";
    }

    private HttpResponse<String> send(String base, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The platform's {@code Main} in a child JVM on a free port. */
    record Server(Process process, String url, java.util.Deque<String> log) {
        /** The child's last lines of output, for a failure's message. */
        String logTail() {
            synchronized (log) {
                return String.join("\n", log);
            }
        }

        static Server start(Path dataDir) throws IOException {
            return start(dataDir, java.util.Map.of());
        }

        static Server start(Path dataDir, java.util.Map<String, String> env) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()).redirectErrorStream(true);
            builder.environment().put("SHELFWISE_PORT", "0");
            builder.environment().put("SHELFWISE_DATA_DIR", dataDir.toString());
            builder.environment().put("SHELFWISE_ADMIN_TOKEN", TestPlatform.OPERATOR);
            builder.environment().put("SHELFWISE_MANAGEMENT_PORT", "0");
            builder.environment().putAll(env);
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    java.util.Deque<String> tail = new java.util.ArrayDeque<>();
                    Thread drain = new Thread(() -> out.lines().forEach(l -> {
                        synchronized (tail) {
                            tail.addLast(l);
                            if (tail.size() > 60) {
                                tail.removeFirst();
                            }
                        }
                    }), "drain-child-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(process, m.group(1), tail);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the platform did not start:\n" + seen);
        }
    }
}
