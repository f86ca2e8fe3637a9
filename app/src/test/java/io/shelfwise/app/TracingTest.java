package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Tracing over OTLP/HTTP to a collector stand-in on loopback: a request that arrives with a W3C
 * {@code traceparent} is exported as a server span of that trace, named by its route, with child spans of the
 * ports it went through. The receiver reads the protobuf payload only for the bytes it must contain (trace id,
 * span names), which is what an OTLP collector would decode.
 */
class TracingTest {
    @Test
    void a_request_continues_the_callers_trace_through_the_web_layer_and_the_ports() throws Exception {
        List<byte[]> exports = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        collector.createContext("/v1/traces", exchange -> {
            exports.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (TestPlatform platform = TestPlatform.withCloud(Settings.Cloud.EMBEDDED, Map.of(
                "SHELFWISE_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "SHELFWISE_OTLP_DELAY_MS", "100"))) {
            String key = platform.tenantWithKey("traced-shop", "standard");
            TestPlatform.Reply reply = platform.send(HttpRequest.newBuilder(
                            URI.create(platform.baseUrl() + "/v1/events?userId=u-1"))
                    .header("Authorization", "Bearer " + key)
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
            assertEquals(200, reply.status(), reply.body());

            byte[] id = HexFormat.of().parseHex(traceId);
            List<String> names = List.of("GET /v1/events", "EventStore.recentOf", "shelfwise.tenant", "traced-shop",
                    "service.name", "shelfwise");
            // The server's span ends after the reply is sent, so it may come in a later export than its children.
            long deadline = System.nanoTime() + 10_000_000_000L;
            byte[] payload = joined(exports);
            while (System.nanoTime() < deadline && !holdsAll(payload, id, names)) {
                Thread.sleep(50);
                payload = joined(exports);
            }
            assertTrue(contains(payload, id), "no span of the caller's trace exported");
            for (String name : names) {
                assertTrue(contains(payload, name.getBytes(StandardCharsets.UTF_8)), "no '" + name + "' exported");
            }
        } finally {
            collector.stop(0);
        }
    }

    private static boolean holdsAll(byte[] payload, byte[] id, List<String> names) {
        return contains(payload, id)
                && names.stream().allMatch(name -> contains(payload, name.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] joined(List<byte[]> exports) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] b : exports) {
            all.writeBytes(b);
        }
        return all.toByteArray();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
