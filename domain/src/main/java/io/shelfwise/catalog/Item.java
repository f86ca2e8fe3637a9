package io.shelfwise.catalog;

import io.shelfwise.common.Checks;
import io.shelfwise.common.ValidationException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** A product in a tenant's catalog, as the recommenders and filters see it. */
public record Item(ItemId id, String title, String brand, List<String> categoryPath, BigDecimal price,
                   String currency, boolean inStock, Map<String, String> attributes) {
    public static final int MAX_CATEGORY_DEPTH = 10;
    public static final int MAX_ATTRIBUTES = 50;
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Item {
        Objects.requireNonNull(id, "id");
        categoryPath = categoryPath == null ? List.of() : List.copyOf(categoryPath);
        attributes = sorted(attributes);
        validate(title, brand, categoryPath, price, currency, attributes);
    }

    /**
     * The attributes, immutable, iterated in key order. A catalog holds thousands of items: none or one attribute
     * (the common cases) take no tree.
     */
    private static Map<String, String> sorted(Map<String, String> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        if (attributes.size() == 1) {
            Map.Entry<String, String> only = attributes.entrySet().iterator().next();
            // Map.of checks for nulls, as validation reports them, so a null passes through a one-entry copy.
            return only.getKey() != null && only.getValue() != null ? Map.of(only.getKey(), only.getValue())
                    : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
        }
        return java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** Builds an item from raw input, reporting every bad field at once. */
    public static Item of(String id, String title, String brand, List<String> categoryPath, BigDecimal price,
                          String currency, Boolean inStock, Map<String, String> attributes) {
        Checks checks = Checks.start().text("id", id, ItemId.MAX_LENGTH);
        if (inStock == null) {
            checks.add("inStock", "is required");
        }
        try {
            validate(title, brand, categoryPath == null ? List.of() : categoryPath, price, currency,
                    attributes == null ? Map.of() : attributes);
        } catch (ValidationException e) {
            checks.nested("", e);
        }
        checks.orThrow();
        return new Item(new ItemId(id), title, brand, categoryPath, price, currency, inStock, attributes);
    }

    private static void validate(String title, String brand, List<String> categoryPath, BigDecimal price,
                                 String currency, Map<String, String> attributes) {
        Checks checks = Checks.start()
                .text("title", title, 500)
                .optionalText("brand", brand, 200);
        if (categoryPath.size() > MAX_CATEGORY_DEPTH) {
            checks.add("categoryPath", "has " + categoryPath.size() + " levels; at most " + MAX_CATEGORY_DEPTH);
        }
        for (int i = 0; i < categoryPath.size(); i++) {
            checks.text("categoryPath[" + i + "]", categoryPath.get(i), 200);
        }
        checks.money("price", price);
        if ((price == null) != (currency == null)) {
            checks.add(price == null ? "price" : "currency", "price and currency go together: give both or neither");
        } else if (currency != null && !CURRENCY.matcher(currency).matches()) {
            checks.add("currency", "must be an ISO-4217 code of three capital letters");
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            checks.add("attributes", "has " + attributes.size() + " entries; at most " + MAX_ATTRIBUTES);
        }
        attributes.forEach((k, v) -> {
            checks.text("attributes", k, 100);
            checks.text("attributes." + k, v, 1000);
        });
        checks.orThrow();
    }
}
