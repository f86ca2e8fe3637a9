package io.shelfwise.sdk.model;

import java.util.List;

/**
 * A ranked list of items for one surface; report clicks on it with
 * {@link Event#click(String, String, String)} and its {@code recommendationId}.
 */
public record Recommendations(String recommendationId, String surface, List<RecommendedItem> items) {

    public Recommendations {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
