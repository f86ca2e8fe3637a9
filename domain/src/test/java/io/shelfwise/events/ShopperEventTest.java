package io.shelfwise.events;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.ValidationException;
import io.shelfwise.testing.EventDraft;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.shelfwise.testing.FieldErrors.fields;
import static io.shelfwise.testing.FieldErrors.fieldsRejectedBy;
import static io.shelfwise.testing.FieldErrors.messageFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShopperEventTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    /** Now plus the five minutes of clock skew the service allows. */
    private static final Instant MAX = NOW.plus(EventService.ALLOWED_SKEW);

    private static EventDraft draft() {
        return new EventDraft();
    }

    private static ValidationException rejected(EventDraft draft) {
        return assertThrows(ValidationException.class, () -> draft.build(MAX));
    }

    @Test
    void valid_view_becomes_an_event_with_parsed_values() {
        ShopperEvent e = draft().eventId("evt-42").itemIds("sku-1", "sku-2").timestamp("2026-03-10T11:59:00Z")
                .build(MAX);
        assertEquals("evt-42", e.eventId());
        assertEquals(EventType.VIEW, e.type());
        assertEquals(List.of(new ItemId("sku-1"), new ItemId("sku-2")), e.itemIds());
        assertEquals(Instant.parse("2026-03-10T11:59:00Z"), e.occurredAt());
        assertEquals("user-1", e.shopperKey());
    }

    @Test
    void anonymous_shopper_is_keyed_by_the_anonymous_id() {
        ShopperEvent e = draft().userId(null).anonymousId("anon-7").build(MAX);
        assertEquals("anon-7", e.shopperKey());
        assertNull(e.userId());
    }

    @Test
    void user_id_wins_over_anonymous_id_as_the_shopper_key() {
        assertEquals("user-1", draft().anonymousId("anon-7").build(MAX).shopperKey());
    }

    @Test
    void event_without_user_id_or_anonymous_id_is_rejected() {
        ValidationException e = rejected(draft().userId(null).anonymousId(null));
        assertEquals("userId: userId or anonymousId is required", e.getMessage());
    }

    @Test
    void purchase_needs_quantity_price_and_currency() {
        ValidationException e = rejected(draft().type("purchase"));
        assertEquals(Set.of("quantity", "price", "currency"), fields(e));
        assertEquals("is required for purchase", messageFor(e, "quantity"));
        assertEquals("is required for purchase", messageFor(e, "price"));
        assertEquals("is required for purchase", messageFor(e, "currency"));
    }

    @Test
    void complete_purchase_is_accepted() {
        ShopperEvent e = draft().type("purchase").quantity(2).price(new BigDecimal("19.99")).currency("EUR")
                .build(MAX);
        assertEquals(EventType.PURCHASE, e.type());
        assertEquals(2, e.quantity());
        assertEquals(new BigDecimal("19.99"), e.price());
        assertEquals("EUR", e.currency());
    }

    @Test
    void purchase_quantity_must_be_between_1_and_10000() {
        EventDraft purchase = EventDraft.of("purchase", "evt-1", "sku-1", NOW);
        assertEquals(10_000, purchase.quantity(10_000).build(MAX).quantity());
        assertEquals(1, purchase.quantity(1).build(MAX).quantity());
        assertEquals("quantity: must be between 1 and 10000", rejected(purchase.quantity(0)).getMessage());
        assertEquals("quantity: must be between 1 and 10000", rejected(purchase.quantity(10_001)).getMessage());
    }

    @Test
    void purchase_price_must_not_be_negative_and_currency_must_be_iso() {
        EventDraft purchase = EventDraft.of("purchase", "evt-1", "sku-1", NOW);
        ValidationException e = rejected(purchase.price(new BigDecimal("-1")).currency("eur"));
        assertEquals("must not be negative", messageFor(e, "price"));
        assertEquals("must be an ISO-4217 code of three capital letters", messageFor(e, "currency"));
    }

    @Test
    void quantity_of_other_events_is_optional_but_still_bounded() {
        assertEquals(3, draft().type("add_to_cart").quantity(3).build(MAX).quantity());
        assertEquals("quantity: must be between 1 and 10000",
                rejected(draft().type("add_to_cart").quantity(0)).getMessage());
    }

    @Test
    void search_needs_a_query_but_no_item_ids() {
        ValidationException e = rejected(draft().type("search").itemIds(List.of()));
        assertEquals("query: is required for search", e.getMessage());
        ShopperEvent search = draft().type("search").itemIds(List.of()).query("red shoes").build(MAX);
        assertEquals("red shoes", search.query());
        assertEquals(List.of(), search.itemIds());
    }

    @Test
    void click_needs_the_recommendation_it_came_from() {
        assertEquals("recommendationId: is required for click", rejected(draft().type("click")).getMessage());
        assertEquals("rec-9", draft().type("click").recommendationId("rec-9").build(MAX).recommendationId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"view", "add_to_cart", "remove_from_cart", "purchase", "click"})
    void every_event_but_search_needs_an_item_id(String type) {
        ValidationException e = rejected(EventDraft.of(type, "evt-1", "sku-1", NOW).itemIds(List.of()));
        assertEquals(Set.of("itemIds"), fields(e));
        assertEquals("at least one item id is required for " + type, messageFor(e, "itemIds"));
        assertEquals(Set.of("itemIds"),
                fields(rejected(EventDraft.of(type, "evt-1", "sku-1", NOW).itemIds((List<String>) null))));
    }

    @Test
    void unknown_type_is_rejected_listing_the_known_ones() {
        ValidationException e = rejected(draft().type("wishlist"));
        assertEquals("type: unknown event type 'wishlist'; expected one of view, add_to_cart, remove_from_cart, "
                + "purchase, search, click", e.getMessage());
        assertEquals("type: is required", rejected(draft().type(null)).getMessage());
    }

    @Test
    void timestamp_within_the_allowed_skew_is_accepted() {
        assertEquals(NOW.plusSeconds(240), draft().timestamp(NOW.plusSeconds(240)).build(MAX).occurredAt());
        assertEquals(MAX, draft().timestamp(MAX).build(MAX).occurredAt());
    }

    @Test
    void timestamp_beyond_the_allowed_skew_is_rejected() {
        ValidationException e = rejected(draft().timestamp(MAX.plusSeconds(1)));
        assertEquals("timestamp: lies in the future (latest accepted now: 2026-03-10T12:05:00Z)", e.getMessage());
    }

    @Test
    void old_timestamp_is_accepted() {
        assertEquals(Instant.parse("2025-12-31T23:59:59Z"),
                draft().timestamp("2025-12-31T23:59:59Z").build(MAX).occurredAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-10", "2026-03-10 12:00:00", "yesterday", ""})
    void timestamp_that_is_not_an_iso_instant_is_rejected(String timestamp) {
        ValidationException e = rejected(draft().timestamp(timestamp));
        assertEquals("timestamp: must be an ISO-8601 instant such as 2026-11-25T14:00:00Z", e.getMessage());
    }

    @Test
    void missing_timestamp_is_rejected() {
        assertEquals("timestamp: is required", rejected(draft().timestamp((String) null)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"e", "evt-1", "0b4a1c2e-9f1d-4c55-8d0e-3f7a9b2c1d4e", "order:981.line_2",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-."})
    void event_id_of_allowed_characters_up_to_64_long_is_accepted(String eventId) {
        assertEquals(eventId, draft().eventId(eventId).build(MAX).eventId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "evt 1", "evt/1", "évt-1", "evt#1"})
    void event_id_with_other_characters_is_rejected(String eventId) {
        ValidationException e = rejected(draft().eventId(eventId));
        assertEquals("eventId: must be 1..64 of A-Z a-z 0-9 . _ : -", e.getMessage());
    }

    @Test
    void event_id_over_64_characters_or_missing_is_rejected() {
        assertEquals(Set.of("eventId"), fieldsRejectedBy(() -> draft().eventId("e".repeat(65)).build(MAX)));
        assertEquals("eventId: is required", rejected(draft().eventId(null)).getMessage());
    }

    @Test
    void event_may_name_100_items_but_not_101() {
        List<String> hundred = IntStream.range(0, 100).mapToObj(i -> "sku-" + i).toList();
        assertEquals(100, draft().itemIds(hundred).build(MAX).itemIds().size());
        List<String> hundredOne = IntStream.range(0, 101).mapToObj(i -> "sku-" + i).toList();
        assertEquals("itemIds: has 101 ids; at most 100", rejected(draft().itemIds(hundredOne)).getMessage());
    }

    @Test
    void bad_item_id_is_named_by_its_position() {
        List<String> ids = new ArrayList<>(List.of("sku-1", "i".repeat(129), " "));
        ids.add(null);
        ValidationException e = rejected(draft().itemIds(ids));
        assertEquals(Set.of("itemIds[1]", "itemIds[2]", "itemIds[3]"), fields(e));
        assertEquals("is 129 characters long; at most 128 allowed", messageFor(e, "itemIds[1]"));
        assertEquals("is required", messageFor(e, "itemIds[3]"));
    }

    @Test
    void over_long_shopper_ids_query_and_recommendation_id_are_rejected() {
        assertEquals(128, draft().userId("u".repeat(128)).build(MAX).userId().length());
        ValidationException e = rejected(draft().type("click").userId("u".repeat(129))
                .anonymousId("a".repeat(129)).recommendationId("r".repeat(65)).query("q".repeat(501)));
        assertEquals(Set.of("userId", "anonymousId", "recommendationId", "query"), fields(e));
        assertEquals("is 65 characters long; at most 64 allowed", messageFor(e, "recommendationId"));
    }

    @Test
    void every_error_of_an_event_is_reported_together_with_its_field() {
        ValidationException e = rejected(draft()
                .eventId("bad id")
                .type("purchase")
                .userId(null)
                .itemIds(List.of())
                .currency("usd")
                .timestamp(MAX.plusSeconds(60)));

        assertEquals(Set.of("eventId", "userId", "itemIds", "quantity", "price", "currency", "timestamp"),
                fields(e));
        assertEquals(7, e.errors().size());
        assertEquals("7 fields are invalid", e.getMessage());
        assertEquals("must be an ISO-4217 code of three capital letters", messageFor(e, "currency"));
    }
}
