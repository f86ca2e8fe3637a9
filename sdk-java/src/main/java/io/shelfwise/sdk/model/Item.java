package io.shelfwise.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A catalog item, validated when built; an upsert replaces the whole item on the server. */
public record Item(
        String id,
        String title,
        String brand,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> categoryPath,
        BigDecimal price,
        String currency,
        boolean inStock,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> attributes) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Item {
        // Copied with nulls kept so that a null entry is reported as a field error, not a NullPointerException.
        List<String> path = categoryPath == null ? List.of() : new ArrayList<>(categoryPath);
        Map<String, String> attrs = attributes == null ? Map.of() : new LinkedHashMap<>(attributes);

        Violations violations = new Violations();
        violations.checkRequiredLength(id, 128, "id");
        violations.checkRequiredLength(title, 500, "title");
        violations.checkLength(brand, 200, "brand");
        violations.check(path.size() <= 10, "categoryPath", "must have at most 10 levels");
        for (int i = 0; i < path.size(); i++) {
            violations.checkRequiredLength(path.get(i), 200, "categoryPath[" + i + "]");
        }
        violations.check((price == null) == (currency == null), "currency", "price and currency go together");
        violations.check(price == null || price.signum() >= 0, "price", "must be >= 0");
        violations.check(currency == null || CURRENCY.matcher(currency).matches(), "currency", "must be 3 capital letters");
        violations.check(attrs.size() <= 50, "attributes", "must have at most 50 entries");
        attrs.forEach((key, value) -> {
            violations.checkRequiredLength(key, 100, "attributes");
            violations.check(value != null && value.length() <= 1000, "attributes." + key, "must be 0..1000 characters");
        });
        violations.throwIfAny("Item");

        categoryPath = List.copyOf(path);
        // Insertion order is kept so that the JSON sent is stable.
        attributes = Collections.unmodifiableMap(attrs);
    }

    /** A builder; {@code id}, {@code title} and {@code inStock} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link Item}; {@link #build()} throws {@link io.shelfwise.sdk.error.ValidationException} on invalid fields. */
    public static final class Builder {
        private String id;
        private String title;
        private String brand;
        private List<String> categoryPath;
        private BigDecimal price;
        private String currency;
        private Boolean inStock;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder brand(String brand) {
            this.brand = brand;
            return this;
        }

        public Builder categoryPath(String... levels) {
            this.categoryPath = Arrays.asList(levels);
            return this;
        }

        public Builder categoryPath(List<String> levels) {
            this.categoryPath = levels;
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

        public Builder inStock(boolean inStock) {
            this.inStock = inStock;
            return this;
        }

        public Builder attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        public Builder attributes(Map<String, String> attributes) {
            this.attributes.putAll(attributes);
            return this;
        }

        public Item build() {
            if (inStock == null) {
                Violations violations = new Violations();
                violations.check(false, "inStock", "is required");
                violations.throwIfAny("Item");
            }
            return new Item(id, title, brand, categoryPath, price, currency, inStock, attributes);
        }
    }
}
