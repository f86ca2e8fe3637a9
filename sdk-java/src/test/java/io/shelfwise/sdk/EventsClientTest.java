package io.shelfwise.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.sdk.model.Event;
import io.shelfwise.sdk.model.EventType;
import io.shelfwise.sdk.model.ReceivedEvent;
import io.shelfwise.sdk.model.TrackResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventsClientTest extends MockServerTest {

    @Test
    void send_splits_more_than_500_events_and_adds_up_the_answers() throws Exception {
        server.enqueue(json(200, "{\"accepted\":499,\"duplicates\":1}"));
        server.enqueue(json(200, "{\"accepted\":1,\"duplicates\":0}"));
        List<Event> events = IntStream.range(0, 501).mapToObj(n -> Event.view("u-1", "sku-" + n)).toList();

        try (ShelfwiseClient client = client().build()) {
            assertEquals(new TrackResult(500, 1), client.events().send(events));
            assertEquals(new EventStats(0, 0, 0, 0, 0), client.events().stats());
        }

        assertEquals(500, jsonBody(take()).path("events").size());
        assertEquals(1, jsonBody(take()).path("events").size());
    }

    @Test
    void recent_reads_stored_events_with_their_arrival_time() {
        server.enqueue(json(200, """
                {"events":[{"eventId":"9b1e","type":"purchase","userId":"u-42","itemIds":["sku-1"],"quantity":2,
                            "price":19.90,"currency":"EUR","timestamp":"2026-11-25T14:03:00Z","receivedAt":"2026-11-25T14:03:01Z"}]}"""));

        try (ShelfwiseClient client = client().build()) {
            Event purchase = Event.builder(EventType.PURCHASE).eventId("9b1e").userId("u-42").itemIds("sku-1").quantity(2)
                    .price(new BigDecimal("19.90")).currency("EUR").timestamp(Instant.parse("2026-11-25T14:03:00Z")).build();

            assertEquals(List.of(new ReceivedEvent(purchase, Instant.parse("2026-11-25T14:03:01Z"))),
                    client.events().recent("u-42", 50));
        }
    }
}
