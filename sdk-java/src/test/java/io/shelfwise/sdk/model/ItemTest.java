package io.shelfwise.sdk.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.sdk.error.FieldError;
import io.shelfwise.sdk.error.ValidationException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemTest {

    private static List<String> fields(ValidationException invalid) {
        return invalid.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void item_keeps_its_attributes_in_insertion_order() {
        Item item = Item.builder().id("sku-1").title("Trail runner").inStock(true)
                .attribute("size", "42").attribute("color", "red").build();

        assertEquals(List.of("size", "color"), List.copyOf(item.attributes().keySet()));
    }

    @Test
    void id_title_and_stock_are_required() {
        assertEquals(List.of("inStock"), fields(assertThrows(ValidationException.class, () -> Item.builder().build())));
        assertEquals(List.of("id", "title"), fields(assertThrows(ValidationException.class,
                () -> Item.builder().inStock(true).build())));
    }

    @Test
    void price_and_currency_go_together() {
        assertEquals(List.of("currency"), fields(assertThrows(ValidationException.class,
                () -> Item.builder().id("sku-1").title("Trail runner").inStock(true).price(BigDecimal.TEN).build())));
    }

    @Test
    void out_of_range_values_are_refused() {
        ValidationException invalid = assertThrows(ValidationException.class, () -> Item.builder()
                .id("x".repeat(129)).title("Trail runner").inStock(true)
                .categoryPath("Shoes", "")
                .price(new BigDecimal("-0.01")).currency("EUR")
                .attributes(Map.of("color", "r".repeat(1001)))
                .build());

        assertEquals(List.of("id", "categoryPath[1]", "price", "attributes.color"), fields(invalid));
    }
}
