package io.shelfwise.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.sdk.error.NetworkException;
import io.shelfwise.sdk.error.RateLimitedException;
import io.shelfwise.sdk.model.Event;
import io.shelfwise.sdk.model.Item;
import io.shelfwise.sdk.model.TrackResult;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class SyncRetryTest extends MockServerTest {

    private static final List<Event> ONE_EVENT = List.of(Event.view("u-1", "sku-1"));

    @Test
    void unavailable_server_is_retried_until_it_answers() {
        server.enqueue(problem(503, "Unavailable"));
        server.enqueue(problem(500, "Internal error"));
        server.enqueue(accepted(1));
        try (ShelfwiseClient client = client().build()) {
            assertEquals(new TrackResult(1, 0), client.events().send(ONE_EVENT));
        }
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void rate_limited_call_is_retried() {
        server.enqueue(new MockResponse.Builder(problem(429, "Too many requests")).addHeader("Retry-After", "0").build());
        server.enqueue(json(200, "{\"upserted\":0}"));
        try (ShelfwiseClient client = client().build()) {
            assertEquals(0, client.catalog().upsert(List.of(
                    Item.builder().id("sku-1").title("Trail runner").inStock(true).build())));
        }
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void retry_after_beyond_the_longest_retry_delay_fails_at_once() {
        server.enqueue(new MockResponse.Builder(problem(429, "Monthly quota exceeded")).addHeader("Retry-After", "3600").build());
        try (ShelfwiseClient client = client().build()) {
            RateLimitedException failure = assertThrows(RateLimitedException.class, () -> client.events().send(ONE_EVENT));
            assertEquals(Duration.ofHours(1), failure.retryAfter());
        }
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void dropped_connection_is_retried() {
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(accepted(1));
        // OkHttp's own retry is off so that the SDK's retry is what recovers.
        OkHttpClient noOkHttpRetry = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        try (ShelfwiseClient client = client().httpClient(noOkHttpRetry).build()) {
            assertEquals(new TrackResult(1, 0), client.events().send(ONE_EVENT));
        }
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void unreachable_server_is_a_network_exception_after_the_retries() throws Exception {
        String unreachable;
        try (MockWebServer stopped = new MockWebServer()) {
            stopped.start();
            unreachable = stopped.url("/").toString();
        }
        try (ShelfwiseClient client = client().baseUrl(unreachable).maxRetries(2).build()) {
            NetworkException failure = assertThrows(NetworkException.class, () -> client.events().send(ONE_EVENT));
            assertEquals(0, failure.status());
            assertInstanceOf(java.io.IOException.class, failure.getCause());
        }
    }
}
