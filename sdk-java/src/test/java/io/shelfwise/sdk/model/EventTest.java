package io.shelfwise.sdk.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.sdk.error.FieldError;
import io.shelfwise.sdk.error.ValidationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTest {

    private static List<String> fields(ValidationException invalid) {
        return invalid.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void factories_build_the_common_events() {
        assertEquals(EventType.VIEW, Event.view("u-1", "sku-1").type());
        assertEquals(List.of("sku-1"), Event.addToCart("u-1", "sku-1").itemIds());
        assertEquals(EventType.REMOVE_FROM_CART, Event.removeFromCart("u-1", "sku-1").type());
        Event purchase = Event.purchase("u-1", "sku-1", 2, new BigDecimal("19.90"), "EUR");
        assertEquals(2, purchase.quantity());
        assertEquals(new BigDecimal("19.90"), purchase.price());
        Event search = Event.search("u-1", "running shoes");
        assertEquals("running shoes", search.query());
        assertNull(search.itemIds());
        assertEquals("r-1", Event.click("u-1", "sku-1", "r-1").recommendationId());
    }

    @Test
    void missing_event_id_becomes_a_random_uuid_and_missing_timestamp_becomes_now() {
        Instant before = Instant.now().minusSeconds(1);
        Event first = Event.view("u-1", "sku-1");
        Event second = Event.view("u-1", "sku-1");

        assertNotEquals(first.eventId(), second.eventId());
        assertTrue(first.eventId().matches("[0-9a-f-]{36}"), first.eventId());
        assertTrue(first.timestamp().isAfter(before) && first.timestamp().isBefore(Instant.now().plus(Duration.ofSeconds(1))));
    }

    @Test
    void purchase_without_quantity_price_and_currency_is_refused_with_every_field() {
        ValidationException invalid = assertThrows(ValidationException.class,
                () -> Event.builder(EventType.PURCHASE).userId("u-1").itemIds("sku-1").build());

        assertEquals(List.of("quantity", "price", "currency"), fields(invalid));
    }

    @Test
    void event_without_a_shopper_is_refused() {
        ValidationException invalid = assertThrows(ValidationException.class,
                () -> Event.builder(EventType.VIEW).itemIds("sku-1").build());

        assertEquals(List.of("userId"), fields(invalid));
    }

    @Test
    void anonymous_shopper_is_enough() {
        assertEquals("anon-7", Event.builder(EventType.SEARCH).anonymousId("anon-7").query("shoes").build().anonymousId());
    }

    @Test
    void type_specific_fields_are_required() {
        assertEquals(List.of("itemIds"), fields(assertThrows(ValidationException.class,
                () -> Event.builder(EventType.VIEW).userId("u-1").build())));
        assertEquals(List.of("query"), fields(assertThrows(ValidationException.class,
                () -> Event.builder(EventType.SEARCH).userId("u-1").build())));
        assertEquals(List.of("recommendationId"), fields(assertThrows(ValidationException.class,
                () -> Event.builder(EventType.CLICK).userId("u-1").itemIds("sku-1").build())));
    }

    @Test
    void out_of_range_values_are_refused() {
        ValidationException invalid = assertThrows(ValidationException.class,
                () -> Event.builder(EventType.PURCHASE).eventId("not valid!").userId("u-1").itemIds("sku-1", null)
                        .quantity(0).price(new BigDecimal("-1")).currency("eur").build());

        assertEquals(List.of("eventId", "itemIds[1]", "quantity", "price", "currency"), fields(invalid));
        assertEquals(0, invalid.status());
        assertTrue(invalid.problem().isEmpty());
    }

    @Test
    void more_than_100_item_ids_are_refused() {
        List<String> ids = Collections.nCopies(101, "sku-1");

        assertEquals(List.of("itemIds"), fields(assertThrows(ValidationException.class,
                () -> Event.builder(EventType.VIEW).userId("u-1").itemIds(ids).build())));
    }

    @Test
    void events_are_immutable() {
        List<String> ids = new ArrayList<>(List.of("sku-1"));
        Event event = Event.builder(EventType.VIEW).userId("u-1").itemIds(ids).build();
        ids.add("sku-2");

        assertEquals(List.of("sku-1"), event.itemIds());
        assertThrows(UnsupportedOperationException.class, () -> event.itemIds().add("sku-3"));
    }

    @Test
    void generated_event_ids_are_unique_version_7_uuids_in_time_order() throws InterruptedException {
        java.util.Set<String> ids = new java.util.HashSet<>();
        String previous = null;
        for (int i = 0; i < 20_000; i++) {
            String id = Event.view("u-1", "sku-1").eventId();
            java.util.UUID uuid = java.util.UUID.fromString(id);
            org.junit.jupiter.api.Assertions.assertEquals(7, uuid.version(), id);
            org.junit.jupiter.api.Assertions.assertEquals(2, uuid.variant(), id);
            org.junit.jupiter.api.Assertions.assertTrue(ids.add(id), "duplicate " + id);
            if (i % 5_000 == 0) {
                // A later millisecond sorts after: the server's index grows at its end.
                Thread.sleep(2);
                if (previous != null) {
                    org.junit.jupiter.api.Assertions.assertTrue(id.compareTo(previous) > 0, previous + " < " + id);
                }
                previous = id;
            }
        }
        long millis = java.util.UUID.fromString(Event.view("u-1", "sku-1").eventId()).getMostSignificantBits() >>> 16;
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(System.currentTimeMillis() - millis) < 10_000,
                "the first 48 bits are the time in milliseconds");
    }
}
