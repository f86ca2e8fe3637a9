package io.shelfwise.events;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.Checks;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing a shopper did, identified by the client's event id so that retries are stored once.
 * Which fields are required depends on the {@link EventType}; see {@link #of}.
 */
public record ShopperEvent(String eventId, EventType type, String userId, String anonymousId,
                           List<ItemId> itemIds, Integer quantity, BigDecimal price, String currency,
                           String query, String recommendationId, Instant occurredAt, String couponCode) {
    public static final int MAX_ITEMS = 100;
    public static final int MAX_QUANTITY = 10_000;
    /**
     * The earliest timestamp an event may carry. Imported histories (RetailRocket is from 2015) are welcome; a 1970
     * or year-1 timestamp is a client bug, and no store has shoppers from before online shops kept such logs.
     */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public ShopperEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
    }

    /** An event that cites no coupon. */
    public ShopperEvent(String eventId, EventType type, String userId, String anonymousId, List<ItemId> itemIds,
                        Integer quantity, BigDecimal price, String currency, String query, String recommendationId,
                        Instant occurredAt) {
        this(eventId, type, userId, anonymousId, itemIds, quantity, price, currency, query, recommendationId,
                occurredAt, null);
    }

    /** The shopper this event belongs to: the user id when known, else the anonymous id. */
    public String shopperKey() {
        return userId != null ? userId : anonymousId;
    }

    /**
     * Builds and validates an event from raw input, reporting every bad field at once.
     *
     * @param maxOccurredAt the latest acceptable timestamp (now plus the allowed clock skew)
     */
    public static ShopperEvent of(String eventId, String type, String userId, String anonymousId,
                                  List<String> itemIds, Integer quantity, BigDecimal price, String currency,
                                  String query, String recommendationId, String timestamp, Instant maxOccurredAt) {
        return of(eventId, type, userId, anonymousId, itemIds, quantity, price, currency, query, recommendationId,
                timestamp, maxOccurredAt, null);
    }

    /**
     * As {@link #of(String, String, String, String, List, Integer, BigDecimal, String, String, String, String,
     * Instant)}, for a purchase that may cite the campaign coupon it redeems.
     */
    public static ShopperEvent of(String eventId, String type, String userId, String anonymousId,
                                  List<String> itemIds, Integer quantity, BigDecimal price, String currency,
                                  String query, String recommendationId, String timestamp, Instant maxOccurredAt,
                                  String couponCode) {
        Checks checks = Checks.start().matches("eventId", eventId, EVENT_ID, "1..64 of A-Z a-z 0-9 . _ : -");
        EventType eventType = null;
        try {
            eventType = EventType.fromWire("type", type);
        } catch (io.shelfwise.common.ValidationException e) {
            checks.nested("", e);
        }
        if (userId == null && anonymousId == null) {
            checks.add("userId", "userId or anonymousId is required");
        }
        checks.optionalText("userId", userId, 128).optionalText("anonymousId", anonymousId, 128);
        List<String> items = itemIds == null ? List.of() : itemIds;
        if (items.size() > MAX_ITEMS) {
            checks.add("itemIds", "has " + items.size() + " ids; at most " + MAX_ITEMS);
        }
        for (int i = 0; i < items.size(); i++) {
            checks.text("itemIds[" + i + "]", items.get(i), ItemId.MAX_LENGTH);
        }
        if (eventType != null) {
            requireFieldsOf(eventType, checks, items, quantity, price, currency, query, recommendationId);
        }
        checks.optionalText("query", query, 500).optionalText("recommendationId", recommendationId, 64)
                .optionalText("couponCode", couponCode, 64);
        if (couponCode != null && eventType != null && eventType != EventType.PURCHASE) {
            checks.add("couponCode", "only a purchase redeems a coupon");
        }
        Instant occurredAt = null;
        if (timestamp == null) {
            checks.add("timestamp", "is required");
        } else {
            try {
                occurredAt = Instant.parse(timestamp);
                if (occurredAt.isBefore(EARLIEST)) {
                    checks.add("timestamp", "lies before " + EARLIEST + ", earlier than any store history we take");
                } else if (occurredAt.isAfter(maxOccurredAt)) {
                    checks.add("timestamp", "lies in the future (latest accepted now: " + maxOccurredAt + ")");
                }
            } catch (java.time.format.DateTimeParseException e) {
                checks.add("timestamp", "must be an ISO-8601 instant such as 2026-11-25T14:00:00Z");
            }
        }
        checks.orThrow();
        return new ShopperEvent(eventId, eventType, userId, anonymousId, items.stream().map(ItemId::new).toList(),
                quantity, price, currency, query, recommendationId, occurredAt, couponCode);
    }

    private static void requireFieldsOf(EventType type, Checks checks, List<String> items, Integer quantity,
                                        BigDecimal price, String currency, String query, String recommendationId) {
        if (type != EventType.SEARCH && items.isEmpty()) {
            checks.add("itemIds", "at least one item id is required for " + type.wireName());
        }
        switch (type) {
            case PURCHASE -> {
                if (quantity == null) {
                    checks.add("quantity", "is required for purchase");
                } else if (quantity < 1 || quantity > MAX_QUANTITY) {
                    checks.add("quantity", "must be between 1 and " + MAX_QUANTITY);
                }
                if (price == null) {
                    checks.add("price", "is required for purchase");
                } else {
                    checks.money("price", price);
                }
                if (currency == null) {
                    checks.add("currency", "is required for purchase");
                } else if (!CURRENCY.matcher(currency).matches()) {
                    checks.add("currency", "must be an ISO-4217 code of three capital letters");
                }
            }
            case SEARCH -> {
                if (query == null) {
                    checks.add("query", "is required for search");
                }
            }
            case CLICK -> {
                if (recommendationId == null) {
                    checks.add("recommendationId", "is required for click");
                }
            }
            case VIEW, ADD_TO_CART, REMOVE_FROM_CART -> {
                // item ids, checked above, are all these need
            }
        }
        if (type != EventType.PURCHASE) {
            if (quantity != null && (quantity < 1 || quantity > MAX_QUANTITY)) {
                checks.add("quantity", "must be between 1 and " + MAX_QUANTITY);
            }
            checks.money("price", price);
            if (currency != null && !CURRENCY.matcher(currency).matches()) {
                checks.add("currency", "must be an ISO-4217 code of three capital letters");
            }
        }
    }
}
