package io.shelfwise.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shelfwise.sdk.error.ApiException;
import io.shelfwise.sdk.error.ValidationException;
import io.shelfwise.sdk.model.Event;
import io.shelfwise.sdk.model.EventType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class EventTrackingTest extends MockServerTest {

    private final RecordingListener dropped = new RecordingListener();

    /** One batch in flight at a time: these tests check the order batches arrive in. */
    private ShelfwiseClient.Builder tracking() {
        return client().onDropped(dropped).flushInterval(Duration.ofMinutes(1)).maxConcurrentBatches(1);
    }

    @Test
    void several_batches_are_in_flight_at_once_and_every_event_is_sent_once() throws Exception {
        // The server answers no batch until three are waiting: only three concurrent senders get past this.
        java.util.concurrent.CountDownLatch threeInFlight = new java.util.concurrent.CountDownLatch(3);
        java.util.Set<String> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                List<String> ids;
                try {
                    ids = eventIds(request);
                } catch (IOException e) {
                    return problem(400, "unreadable");
                }
                requests.incrementAndGet();
                ids.forEach(received::add);
                threeInFlight.countDown();
                if (!threeInFlight.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    return problem(400, "fewer than three batches in flight");
                }
                return accepted(ids.size());
            }
        });
        try (ShelfwiseClient client = client().onDropped(dropped).flushInterval(Duration.ofMinutes(1))
                .eventBatchSize(10).maxConcurrentBatches(3).build()) {
            for (int n = 0; n < 95; n++) {
                assertTrue(client.events().track(view(n)));
            }
            assertTrue(client.events().flush(Duration.ofSeconds(10)));
            assertEquals(95, client.events().stats().sent());
        }
        assertEquals(0, threeInFlight.getCount());
        assertEquals(95, received.size(), "every event arrived");
        assertEquals(10, requests.get(), "in batches of at most 10, each sent once");
        assertEquals(0, dropped.droppedCount(), "nothing dropped: " + dropped.reports);
    }

    private static Event view(int n) {
        return Event.builder(EventType.VIEW).eventId("e-" + n).userId("u-1").itemIds("sku-" + n).build();
    }

    private List<String> eventIds(RecordedRequest request) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode event : jsonBody(request).path("events")) {
            ids.add(event.path("eventId").asText());
        }
        return ids;
    }

    @Test
    void full_batch_is_sent_without_waiting_for_the_interval() throws Exception {
        server.enqueue(accepted(2));
        server.enqueue(accepted(2));
        server.enqueue(accepted(1));
        try (ShelfwiseClient client = tracking().eventBatchSize(2).build()) {
            for (int n = 1; n <= 5; n++) {
                assertTrue(client.events().track(view(n)));
            }
            assertEquals(List.of("e-1", "e-2"), eventIds(take()));
            assertEquals(List.of("e-3", "e-4"), eventIds(take()));
        }
        assertEquals(List.of("e-5"), eventIds(take()));
    }

    @Test
    void partial_batch_is_sent_after_the_flush_interval() throws Exception {
        server.enqueue(accepted(2));
        try (ShelfwiseClient client = client().flushInterval(Duration.ofMillis(200)).build()) {
            client.events().track(view(1));
            client.events().track(view(2));

            RecordedRequest request = take();

            assertEquals("POST", request.getMethod());
            assertEquals("/v1/events", request.getUrl().encodedPath());
            assertEquals("Bearer " + API_KEY, request.getHeaders().get("Authorization"));
            assertEquals(List.of("e-1", "e-2"), eventIds(request));
        }
    }

    @Test
    void close_sends_buffered_events() throws Exception {
        server.enqueue(accepted(2));
        ShelfwiseClient client = tracking().build();
        client.events().track(view(1));
        client.events().track(view(2));

        client.close();

        assertEquals(List.of("e-1", "e-2"), eventIds(take()));
        assertEquals(new EventStats(2, 2, 0, 0, 0), client.events().stats());
    }

    @Test
    void flush_waits_until_buffered_events_are_sent() throws Exception {
        server.enqueue(json(200, "{\"accepted\":2,\"duplicates\":1}"));
        try (ShelfwiseClient client = tracking().build()) {
            client.events().track(view(1));
            client.events().track(view(2));
            client.events().track(view(3));

            assertTrue(client.events().flush(Duration.ofSeconds(5)));

            assertEquals(new EventStats(3, 2, 1, 0, 0), client.events().stats());
        }
    }

    @Test
    void rate_limited_batch_is_retried_after_retry_after() throws Exception {
        server.enqueue(new MockResponse.Builder(problem(429, "Too many requests")).addHeader("Retry-After", "1").build());
        server.enqueue(accepted(1));
        try (ShelfwiseClient client = tracking().build()) {
            client.events().track(view(1));
            long start = System.nanoTime();

            assertTrue(client.events().flush(Duration.ofSeconds(10)));

            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(1)) >= 0,
                    "the retry came before Retry-After");
            String first = body(take());
            assertEquals(first, body(take()), "a retry must send the same event ids");
            assertEquals(new EventStats(1, 1, 0, 0, 1), client.events().stats());
        }
    }

    @Test
    void unavailable_server_is_retried_until_it_accepts() throws Exception {
        server.enqueue(problem(503, "Unavailable"));
        server.enqueue(problem(503, "Unavailable"));
        server.enqueue(accepted(1));
        try (ShelfwiseClient client = tracking().build()) {
            client.events().track(view(1));

            assertTrue(client.events().flush(Duration.ofSeconds(5)));

            assertEquals(3, server.getRequestCount());
            assertEquals(new EventStats(1, 1, 0, 0, 2), client.events().stats());
            assertEquals(List.of(), dropped.reports);
        }
    }

    @Test
    void invalid_batch_is_not_retried_and_reported_as_dropped() throws Exception {
        server.enqueue(json(422, """
                {"type":"https://shelfwise.io/problems/validation","title":"Request is invalid","status":422,
                 "detail":"1 field is invalid","errors":[{"field":"events[0].timestamp","message":"is more than 300 seconds in the future"}]}"""));
        try (ShelfwiseClient client = tracking().build()) {
            client.events().track(view(1));

            assertTrue(client.events().flush(Duration.ofSeconds(5)));

            assertEquals(1, server.getRequestCount());
            DroppedEvents report = dropped.reports.get(0);
            assertEquals(DropReason.REJECTED, report.reason());
            assertEquals(List.of("e-1"), report.events().stream().map(Event::eventId).toList());
            ValidationException cause = assertInstanceOf(ValidationException.class, report.cause().orElseThrow());
            assertEquals("events[0].timestamp", cause.errors().get(0).field());
            assertEquals(new EventStats(1, 0, 0, 1, 0), client.events().stats());
        }
    }

    @Test
    void only_the_invalid_events_of_a_batch_are_dropped_and_the_rest_is_sent_again() throws Exception {
        server.enqueue(json(422, """
                {"title":"Request is invalid","status":422,
                 "errors":[{"field":"events[1].currency","message":"must be 3 capital letters"}]}"""));
        server.enqueue(accepted(2));
        try (ShelfwiseClient client = tracking().build()) {
            client.events().track(view(1));
            client.events().track(view(2));
            client.events().track(view(3));

            assertTrue(client.events().flush(Duration.ofSeconds(5)));

            assertEquals(List.of("e-1", "e-2", "e-3"), eventIds(take()));
            assertEquals(List.of("e-1", "e-3"), eventIds(take()));
            assertEquals(List.of("e-2"), dropped.reports.get(0).events().stream().map(Event::eventId).toList());
            assertEquals(new EventStats(3, 2, 0, 1, 0), client.events().stats());
        }
    }

    @Test
    void batch_too_large_for_the_server_is_sent_again_in_halves() throws Exception {
        server.enqueue(problem(413, "Payload too large"));
        server.enqueue(accepted(2));
        server.enqueue(accepted(2));
        try (ShelfwiseClient client = tracking().build()) {
            for (int n = 1; n <= 4; n++) {
                client.events().track(view(n));
            }

            assertTrue(client.events().flush(Duration.ofSeconds(5)));

            assertEquals(4, jsonBody(take()).path("events").size());
            assertEquals(List.of("e-1", "e-2"), eventIds(take()));
            assertEquals(List.of("e-3", "e-4"), eventIds(take()));
            assertEquals(4, client.events().stats().sent());
        }
    }

    @Test
    void batch_is_dropped_when_retries_are_exhausted() throws Exception {
        server.enqueue(problem(503, "Unavailable"));
        server.enqueue(problem(503, "Unavailable"));
        try (ShelfwiseClient client = tracking().maxRetries(1).build()) {
            client.events().track(view(1));

            assertTrue(client.events().flush(Duration.ofSeconds(5)));

            DroppedEvents report = dropped.reports.get(0);
            assertEquals(DropReason.RETRIES_EXHAUSTED, report.reason());
            assertEquals(503, assertInstanceOf(ApiException.class, report.cause().orElseThrow()).status());
            assertEquals(new EventStats(1, 0, 0, 1, 1), client.events().stats());
        }
    }

    @Test
    void full_buffer_drops_the_new_event_and_reports_it() throws Exception {
        server.enqueue(accepted(2));
        try (ShelfwiseClient client = tracking().maxBufferedEvents(2).build()) {
            assertTrue(client.events().track(view(1)));
            assertTrue(client.events().track(view(2)));

            assertFalse(client.events().track(view(3)));

            DroppedEvents report = dropped.reports.get(0);
            assertEquals(DropReason.BUFFER_FULL, report.reason());
            assertEquals(List.of("e-3"), report.events().stream().map(Event::eventId).toList());
            assertTrue(report.cause().isEmpty());
            assertEquals(new EventStats(2, 0, 0, 1, 0), client.events().stats());
        }
        assertEquals(List.of("e-1", "e-2"), eventIds(take()));
    }

    @Test
    void close_gives_up_after_the_close_timeout_and_reports_unsent_events() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return problem(503, "Unavailable");
            }
        });
        ShelfwiseClient client = tracking()
                .maxRetries(1_000)
                .retryBaseDelay(Duration.ofMillis(50))
                .closeTimeout(Duration.ofMillis(200))
                .build();
        client.events().track(view(1));

        assertTimeoutPreemptively(Duration.ofSeconds(5), client::close);

        assertEquals(1, dropped.droppedCount());
        assertEquals(DropReason.CLIENT_CLOSED, dropped.reports.get(0).reason());
    }

    @Test
    void events_tracked_after_close_are_dropped() {
        ShelfwiseClient client = tracking().build();
        client.close();

        assertFalse(client.events().track(view(1)));

        assertEquals(DropReason.CLIENT_CLOSED, dropped.reports.get(0).reason());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void a_failing_listener_does_not_stop_the_sender() throws Exception {
        server.enqueue(problem(401, "Unauthorized"));
        server.enqueue(accepted(1));
        try (ShelfwiseClient client = client().flushInterval(Duration.ofMinutes(1)).onDropped(report -> {
            throw new IllegalStateException("listener bug");
        }).build()) {
            client.events().track(view(1));
            assertTrue(client.events().flush(Duration.ofSeconds(5)));
            client.events().track(view(2));

            assertTrue(client.events().flush(Duration.ofSeconds(5)));

            assertEquals(new EventStats(2, 1, 0, 1, 0), client.events().stats());
        }
    }
}
