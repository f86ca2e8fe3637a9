package io.shelfwise.sdk.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A shopper event, validated when built; a missing {@code eventId} becomes a time-ordered UUID (so that
 * re-sending the event is idempotent) and a missing {@code timestamp} becomes now.
 */
public record Event(
        String eventId,
        EventType type,
        String userId,
        String anonymousId,
        List<String> itemIds,
        Integer quantity,
        BigDecimal price,
        String currency,
        String query,
        String recommendationId,
        Instant timestamp,
        String couponCode) {

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Event {
        eventId = eventId == null ? timeOrderedId() : eventId;
        timestamp = timestamp == null ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : timestamp;
        // Copied with nulls kept so that a null id is reported as a field error, not a NullPointerException.
        List<String> ids = itemIds == null || itemIds.isEmpty() ? null : new ArrayList<>(itemIds);

        Violations violations = new Violations();
        violations.check(EVENT_ID.matcher(eventId).matches(), "eventId", "must be 1..64 of [A-Za-z0-9._:-]");
        violations.check(type != null, "type", "is required");
        violations.check(userId != null || anonymousId != null, "userId", "userId or anonymousId is required");
        violations.checkLength(userId, 128, "userId");
        violations.checkLength(anonymousId, 128, "anonymousId");
        if (ids == null) {
            violations.check(type == null || type == EventType.SEARCH, "itemIds", "is required for " + wireName(type));
        } else {
            violations.check(ids.size() <= 100, "itemIds", "must hold at most 100 ids");
            for (int i = 0; i < ids.size(); i++) {
                violations.checkRequiredLength(ids.get(i), 128, "itemIds[" + i + "]");
            }
        }
        boolean purchase = type == EventType.PURCHASE;
        violations.check(!purchase || quantity != null, "quantity", "is required for purchase");
        violations.check(!purchase || price != null, "price", "is required for purchase");
        violations.check(!purchase || currency != null, "currency", "is required for purchase");
        violations.check(quantity == null || (quantity >= 1 && quantity <= 10_000), "quantity", "must be 1..10000");
        violations.check(price == null || price.signum() >= 0, "price", "must be >= 0");
        violations.check(currency == null || CURRENCY.matcher(currency).matches(), "currency", "must be 3 capital letters");
        violations.check(type != EventType.SEARCH || query != null, "query", "is required for search");
        violations.checkLength(query, 500, "query");
        violations.check(type != EventType.CLICK || recommendationId != null, "recommendationId", "is required for click");
        violations.checkLength(recommendationId, 64, "recommendationId");
        violations.checkLength(couponCode, 64, "couponCode");
        violations.check(couponCode == null || purchase, "couponCode", "only a purchase redeems a coupon");
        violations.throwIfAny("Event");
        itemIds = ids == null ? null : List.copyOf(ids);
    }

    private static String wireName(EventType type) {
        return type == null ? "this type" : type.wireName();
    }

    /** A builder for any event type; see the static factories for the common ones. */
    public static Builder builder(EventType type) {
        return new Builder(type);
    }

    /** A shopper looked at an item. */
    public static Event view(String userId, String itemId) {
        return builder(EventType.VIEW).userId(userId).itemIds(itemId).build();
    }

    /** A shopper put an item in the cart. */
    public static Event addToCart(String userId, String itemId) {
        return builder(EventType.ADD_TO_CART).userId(userId).itemIds(itemId).build();
    }

    /** A shopper took an item out of the cart. */
    public static Event removeFromCart(String userId, String itemId) {
        return builder(EventType.REMOVE_FROM_CART).userId(userId).itemIds(itemId).build();
    }

    /** A shopper bought {@code quantity} of an item at {@code price} per unit. */
    public static Event purchase(String userId, String itemId, int quantity, BigDecimal price, String currency) {
        return builder(EventType.PURCHASE).userId(userId).itemIds(itemId)
                .quantity(quantity).price(price).currency(currency).build();
    }

    /** A shopper searched the shop. */
    public static Event search(String userId, String query) {
        return builder(EventType.SEARCH).userId(userId).query(query).build();
    }

    /** An event that cites no coupon. */
    public Event(String eventId, EventType type, String userId, String anonymousId, List<String> itemIds,
                 Integer quantity, BigDecimal price, String currency, String query, String recommendationId,
                 Instant timestamp) {
        this(eventId, type, userId, anonymousId, itemIds, quantity, price, currency, query, recommendationId,
                timestamp, null);
    }

    /** A shopper clicked an item of a recommendation list, named by its {@code recommendationId}. */
    public static Event click(String userId, String itemId, String recommendationId) {
        return builder(EventType.CLICK).userId(userId).itemIds(itemId).recommendationId(recommendationId).build();
    }

    /** Builds an {@link Event}; {@link #build()} throws {@link io.shelfwise.sdk.error.ValidationException} on invalid fields. */
    public static final class Builder {
        private final EventType type;
        private String eventId;
        private String userId;
        private String anonymousId;
        private List<String> itemIds;
        private Integer quantity;
        private BigDecimal price;
        private String currency;
        private String query;
        private String recommendationId;
        private Instant timestamp;
        private String couponCode;

        private Builder(EventType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder anonymousId(String anonymousId) {
            this.anonymousId = anonymousId;
            return this;
        }

        public Builder itemIds(String... itemIds) {
            return itemIds(itemIds == null ? null : Arrays.asList(itemIds));
        }

        public Builder itemIds(Collection<String> itemIds) {
            this.itemIds = itemIds == null ? null : new ArrayList<>(itemIds);
            return this;
        }

        public Builder quantity(int quantity) {
            this.quantity = quantity;
            return this;
        }

        public Builder price(BigDecimal price) {
            this.price = price;
            return this;
        }

        public Builder currency(String currency) {
            this.currency = currency;
            return this;
        }

        public Builder query(String query) {
            this.query = query;
            return this;
        }

        public Builder recommendationId(String recommendationId) {
            this.recommendationId = recommendationId;
            return this;
        }

        /** The campaign coupon a purchase redeems (each coupon redeems once). */
        public Builder couponCode(String couponCode) {
            this.couponCode = couponCode;
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Event build() {
            return new Event(eventId, type, userId, anonymousId, itemIds, quantity, price, currency, query,
                    recommendationId, timestamp, couponCode);
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * A UUID whose first 48 bits are the time in milliseconds (RFC 9562's version 7 layout), the other 74 random:
     * the server's event index grows at its end instead of at a random page per event (see the README's
     * ingestion benchmark for what that changed).
     */
    static String timeOrderedId() {
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0fffL);
        long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
