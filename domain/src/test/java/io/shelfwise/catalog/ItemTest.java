package io.shelfwise.catalog;

import io.shelfwise.common.ValidationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static io.shelfwise.testing.FieldErrors.fields;
import static io.shelfwise.testing.FieldErrors.fieldsRejectedBy;
import static io.shelfwise.testing.FieldErrors.messageFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemTest {
    private static final BigDecimal PRICE = new BigDecimal("49.90");

    private static Item item(String id, String title) {
        return Item.of(id, title, null, null, null, null, true, null);
    }

    private static Item withCategories(List<String> path) {
        return Item.of("sku-1", "Tent", null, path, null, null, true, null);
    }

    private static Item withPrice(BigDecimal price, String currency) {
        return Item.of("sku-1", "Tent", null, null, price, currency, true, null);
    }

    private static Item withAttributes(Map<String, String> attributes) {
        return Item.of("sku-1", "Tent", null, null, null, null, true, attributes);
    }

    private static Map<String, String> attributes(int count) {
        Map<String, String> m = new HashMap<>();
        IntStream.range(0, count).forEach(i -> m.put("k" + i, "v"));
        return m;
    }

    @Test
    void item_with_only_id_title_and_stock_is_valid_with_empty_defaults() {
        Item item = item("sku-1", "Tent");
        assertEquals(new ItemId("sku-1"), item.id());
        assertEquals("Tent", item.title());
        assertNull(item.brand());
        assertEquals(List.of(), item.categoryPath());
        assertNull(item.price());
        assertNull(item.currency());
        assertTrue(item.inStock());
        assertEquals(Map.of(), item.attributes());
    }

    @Test
    void full_item_keeps_every_field_with_attributes_in_key_order() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("size", "2p");
        attributes.put("colour", "green");
        Item item = Item.of("sku-1", "Tent", "Acme", List.of("Outdoor", "Tents"), PRICE, "EUR", false, attributes);
        assertEquals("Acme", item.brand());
        assertEquals(List.of("Outdoor", "Tents"), item.categoryPath());
        assertEquals(PRICE, item.price());
        assertEquals("EUR", item.currency());
        assertFalse(item.inStock());
        assertEquals(List.of("colour", "size"), List.copyOf(item.attributes().keySet()));
    }

    @Test
    void item_does_not_change_when_the_callers_lists_change_later() {
        List<String> path = new ArrayList<>(List.of("Outdoor"));
        Map<String, String> attributes = new HashMap<>(Map.of("colour", "green"));
        Item item = Item.of("sku-1", "Tent", null, path, null, null, true, attributes);
        path.add("Tents");
        attributes.put("size", "2p");
        assertEquals(List.of("Outdoor"), item.categoryPath());
        assertEquals(Map.of("colour", "green"), item.attributes());
    }

    @Test
    void missing_id_title_and_stock_are_reported_together() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> Item.of(null, null, null, null, null, null, null, null));
        assertEquals(Set.of("id", "title", "inStock"), fields(e));
        assertEquals("is required", messageFor(e, "id"));
        assertEquals("is required", messageFor(e, "title"));
        assertEquals("is required", messageFor(e, "inStock"));
    }

    @Test
    void id_may_be_128_characters_but_not_more() {
        assertEquals(128, item("i".repeat(128), "Tent").id().value().length());
        ValidationException e = assertThrows(ValidationException.class, () -> item("i".repeat(129), "Tent"));
        assertEquals("id: is 129 characters long; at most 128 allowed", e.getMessage());
    }

    @Test
    void blank_id_is_rejected() {
        assertEquals(Set.of("id"), fieldsRejectedBy(() -> item("  ", "Tent")));
    }

    @Test
    void title_may_be_500_characters_but_not_more_nor_blank_nor_hold_control_characters() {
        assertEquals(500, item("sku-1", "t".repeat(500)).title().length());
        assertEquals(Set.of("title"), fieldsRejectedBy(() -> item("sku-1", "t".repeat(501))));
        assertEquals(Set.of("title"), fieldsRejectedBy(() -> item("sku-1", " \t")));
        ValidationException e = assertThrows(ValidationException.class, () -> item("sku-1", "Tent\u0007"));
        assertEquals("title: must not contain control characters", e.getMessage());
    }

    @Test
    void brand_is_optional_but_when_given_must_be_non_blank_and_at_most_200_characters() {
        assertEquals(200, Item.of("sku-1", "Tent", "b".repeat(200), null, null, null, true, null).brand().length());
        assertEquals(Set.of("brand"),
                fieldsRejectedBy(() -> Item.of("sku-1", "Tent", "b".repeat(201), null, null, null, true, null)));
        assertEquals(Set.of("brand"),
                fieldsRejectedBy(() -> Item.of("sku-1", "Tent", "", null, null, null, true, null)));
    }

    @Test
    void price_without_currency_is_rejected_on_the_currency() {
        ValidationException e = assertThrows(ValidationException.class, () -> withPrice(PRICE, null));
        assertEquals("currency: price and currency go together: give both or neither", e.getMessage());
    }

    @Test
    void currency_without_price_is_rejected_on_the_price() {
        ValidationException e = assertThrows(ValidationException.class, () -> withPrice(null, "EUR"));
        assertEquals("price: price and currency go together: give both or neither", e.getMessage());
    }

    @Test
    void negative_price_is_rejected_and_zero_is_allowed() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> withPrice(new BigDecimal("-0.01"), "EUR"));
        assertEquals("price: must not be negative", e.getMessage());
        assertEquals(0, withPrice(BigDecimal.ZERO, "EUR").price().signum());
    }

    @Test
    void currency_must_be_three_capital_letters() {
        for (String bad : List.of("eur", "EURO", "E1R", "EU")) {
            ValidationException e = assertThrows(ValidationException.class, () -> withPrice(PRICE, bad), bad);
            assertEquals("currency: must be an ISO-4217 code of three capital letters", e.getMessage());
        }
        assertEquals("JPY", withPrice(new BigDecimal("1200"), "JPY").currency());
    }

    @Test
    void category_path_may_be_ten_levels_deep_but_not_eleven() {
        List<String> ten = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        assertEquals(10, withCategories(ten).categoryPath().size());
        List<String> eleven = IntStream.range(0, 11).mapToObj(i -> "c" + i).toList();
        ValidationException e = assertThrows(ValidationException.class, () -> withCategories(eleven));
        assertEquals("categoryPath: has 11 levels; at most 10", e.getMessage());
    }

    @Test
    void bad_category_level_is_named_by_its_position() {
        List<String> path = new ArrayList<>(List.of("Outdoor", " ", "x".repeat(201)));
        path.add(null);
        ValidationException e = assertThrows(ValidationException.class, () -> withCategories(path));
        assertEquals(Set.of("categoryPath[1]", "categoryPath[2]", "categoryPath[3]"),
                fields(e));
        assertEquals("is required", messageFor(e, "categoryPath[3]"));
    }

    @Test
    void item_may_carry_fifty_attributes_but_not_fifty_one() {
        assertEquals(50, withAttributes(attributes(50)).attributes().size());
        ValidationException e = assertThrows(ValidationException.class, () -> withAttributes(attributes(51)));
        assertEquals("attributes: has 51 entries; at most 50", e.getMessage());
    }

    @Test
    void attribute_name_over_100_characters_is_rejected() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> withAttributes(Map.of("n".repeat(101), "v")));
        assertEquals("attributes: is 101 characters long; at most 100 allowed", e.getMessage());
    }

    @Test
    void attribute_value_is_named_by_its_key_when_too_long_or_blank() {
        assertEquals(1000, withAttributes(Map.of("colour", "v".repeat(1000))).attributes().get("colour").length());
        ValidationException e = assertThrows(ValidationException.class,
                () -> withAttributes(Map.of("colour", "v".repeat(1001), "size", "")));
        assertEquals("is 1001 characters long; at most 1000 allowed", messageFor(e, "attributes.colour"));
        assertEquals("must not be blank", messageFor(e, "attributes.size"));
    }

    @Test
    void attribute_with_a_missing_value_is_rejected_not_crashed_on() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> withAttributes(Collections.singletonMap("colour", null)));
        assertEquals("attributes.colour: is required", e.getMessage());
    }

    @Test
    void every_broken_rule_of_an_item_is_reported_at_once() {
        ValidationException e = assertThrows(ValidationException.class, () -> Item.of("", "", " ",
                IntStream.range(0, 11).mapToObj(i -> "c").toList(), new BigDecimal("-1"), null, null,
                attributes(51)));
        assertEquals(Set.of("id", "title", "brand", "categoryPath", "price", "currency", "inStock", "attributes"),
                fields(e));
    }
}
