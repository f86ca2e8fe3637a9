package io.shelfwise.sdk;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A MockWebServer on loopback per test and a client for it with fast retries. */
abstract class MockServerTest {

    static final String API_KEY = "sk_test_123";
    static final ObjectMapper JSON = new ObjectMapper();

    MockWebServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    ShelfwiseClient.Builder client() {
        return ShelfwiseClient.builder()
                .apiKey(API_KEY)
                .baseUrl(server.url("/").toString())
                .retryBaseDelay(Duration.ofMillis(5))
                .closeTimeout(Duration.ofSeconds(5));
    }

    static MockResponse json(int code, String body) {
        String contentType = code >= 400 ? "application/problem+json" : "application/json";
        return new MockResponse.Builder().code(code).addHeader("Content-Type", contentType).body(body).build();
    }

    static MockResponse problem(int code, String title) {
        return json(code, "{\"type\":\"https://shelfwise.io/problems/x\",\"title\":\"" + title + "\",\"status\":" + code + "}");
    }

    static MockResponse accepted(int accepted) {
        return json(200, "{\"accepted\":" + accepted + ",\"duplicates\":0}");
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(request, "the server got no request within 5 seconds");
        return request;
    }

    static String body(RecordedRequest request) {
        return request.getBody() == null ? "" : request.getBody().utf8();
    }

    static JsonNode jsonBody(RecordedRequest request) throws IOException {
        return JSON.readTree(body(request));
    }
}
