package io.shelfwise.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shelfwise.sdk.error.FieldError;
import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.error.ValidationException;
import io.shelfwise.sdk.model.Event;
import io.shelfwise.sdk.model.ReceivedEvent;
import io.shelfwise.sdk.model.TrackResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shopper events: {@link #track} buffers and sends in the background; {@link #send} sends now and
 * returns the server's answer.
 */
public final class EventsClient {

    private static final int MAX_RECENT = 500;

    private final Transport transport;
    private final EventPipeline pipeline;
    private final Duration flushTimeout;

    EventsClient(Transport transport, EventPipeline pipeline, Duration flushTimeout) {
        this.transport = transport;
        this.pipeline = pipeline;
        this.flushTimeout = flushTimeout;
    }

    /**
     * Buffers the event for sending in the background, without waiting. Returns false when it is
     * dropped at once (buffer full or client closed); the dropped-events listener is told.
     */
    public boolean track(Event event) {
        return pipeline.track(Objects.requireNonNull(event, "event"));
    }

    /** Waits, at most the client's {@code closeTimeout}, until every event tracked so far is sent or dropped. */
    public boolean flush() {
        return flush(flushTimeout);
    }

    /** Waits, at most {@code timeout}, until every event tracked so far is sent or dropped; false on timeout. */
    public boolean flush(Duration timeout) {
        return pipeline.flush(Objects.requireNonNull(timeout, "timeout"));
    }

    /** Counters of the events tracked so far; {@link #send} is not counted. */
    public EventStats stats() {
        return pipeline.stats();
    }

    /**
     * Sends the events now, in batches of 500, retrying 429, 5xx and network failures (safe: the
     * server stores each event id once). Batches before a failure stay stored.
     *
     * @throws ShelfwiseException when a batch fails for good
     */
    public TrackResult send(List<Event> events) {
        TrackResult total = new TrackResult(0, 0);
        for (int from = 0; from < events.size(); from += EventBatch.MAX_EVENTS) {
            List<Event> batch = events.subList(from, Math.min(events.size(), from + EventBatch.MAX_EVENTS));
            var request = transport.request(transport.url("v1/events").build())
                    .post(Transport.json(new EventBatch(batch)))
                    .build();
            total = total.plus(transport.execute(request, Transport.ResponseReader.json(TrackResult.class)));
        }
        return total;
    }

    /** A shopper's most recent events (at most {@code limit}, 1..500), newest first. */
    public List<ReceivedEvent> recent(String userId, int limit) {
        if (userId == null || userId.isEmpty()) {
            throw new ValidationException("Request is invalid:", List.of(new FieldError("userId", "is required")));
        }
        Limits.check(limit, MAX_RECENT);
        var url = transport.url("v1/events")
                .addQueryParameter("userId", userId)
                .addQueryParameter("limit", Integer.toString(limit))
                .build();
        return transport.execute(transport.request(url).get().build(),
                body -> received(Json.MAPPER.readTree(body.byteStream())));
    }

    private static List<ReceivedEvent> received(JsonNode answer) throws JsonProcessingException {
        List<ReceivedEvent> events = new ArrayList<>();
        for (JsonNode node : answer.path("events")) {
            // The stored event is the sent event plus receivedAt, which Event does not have.
            ObjectNode stored = ((ObjectNode) node).deepCopy();
            JsonNode receivedAt = stored.remove("receivedAt");
            events.add(new ReceivedEvent(
                    Json.MAPPER.treeToValue(stored, Event.class),
                    receivedAt == null ? null : Json.MAPPER.treeToValue(receivedAt, Instant.class)));
        }
        return events;
    }
}
