package io.shelfwise.sdk.model;

import java.math.BigDecimal;
import java.util.List;

/** One recommended item with the score that ranked it; {@code price} and {@code currency} may be null. */
public record RecommendedItem(
        String id,
        String title,
        String brand,
        List<String> categoryPath,
        BigDecimal price,
        String currency,
        double score) {

    public RecommendedItem {
        categoryPath = categoryPath == null ? List.of() : List.copyOf(categoryPath);
    }
}
