package io.shelfwise.testing;

import io.shelfwise.events.ShopperEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Raw event input as a client sends it, valid by default (a view of {@code sku-1} by {@code user-1}), so each
 * test changes only the fields its rule is about.
 */
public final class EventDraft {
    private String eventId = "evt-1";
    private String type = "view";
    private String userId = "user-1";
    private String anonymousId;
    private List<String> itemIds = List.of("sku-1");
    private Integer quantity;
    private BigDecimal price;
    private String currency;
    private String query;
    private String recommendationId;
    private String timestamp = "2026-03-10T12:00:00Z";

    public static EventDraft view(String eventId, String itemId, Instant at) {
        return new EventDraft().eventId(eventId).itemIds(itemId).timestamp(at);
    }

    public static EventDraft of(String type, String eventId, String itemId, Instant at) {
        EventDraft draft = view(eventId, itemId, at).type(type);
        return switch (type) {
            case "purchase" -> draft.quantity(1).price(new BigDecimal("19.99")).currency("EUR");
            case "click" -> draft.recommendationId("rec-1");
            case "search" -> draft.query("red shoes");
            default -> draft;
        };
    }

    public EventDraft eventId(String v) {
        eventId = v;
        return this;
    }

    public EventDraft type(String v) {
        type = v;
        return this;
    }

    public EventDraft userId(String v) {
        userId = v;
        return this;
    }

    public EventDraft anonymousId(String v) {
        anonymousId = v;
        return this;
    }

    public EventDraft itemIds(String... v) {
        itemIds = List.of(v);
        return this;
    }

    public EventDraft itemIds(List<String> v) {
        itemIds = v;
        return this;
    }

    public EventDraft quantity(Integer v) {
        quantity = v;
        return this;
    }

    public EventDraft price(BigDecimal v) {
        price = v;
        return this;
    }

    public EventDraft currency(String v) {
        currency = v;
        return this;
    }

    public EventDraft query(String v) {
        query = v;
        return this;
    }

    public EventDraft recommendationId(String v) {
        recommendationId = v;
        return this;
    }

    public EventDraft timestamp(String v) {
        timestamp = v;
        return this;
    }

    public EventDraft timestamp(Instant v) {
        timestamp = v.toString();
        return this;
    }

    /** Validates the draft as the API does, accepting timestamps up to {@code maxOccurredAt}. */
    public ShopperEvent build(Instant maxOccurredAt) {
        return ShopperEvent.of(eventId, type, userId, anonymousId, itemIds, quantity, price, currency, query,
                recommendationId, timestamp, maxOccurredAt);
    }
}
