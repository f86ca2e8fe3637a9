package io.shelfwise.sdk.model;

import java.util.List;

/**
 * A ranked list of items for one surface; report clicks on it with
 * {@link Event#click(String, String, String)} and its {@code recommendationId}. {@code model} names what ranked
 * it: {@code popularity}, {@code cooccurrence}, or {@code ials-v<N>+cooccurrence} once the store's learned model
 * version N serves ({@code ease-v<N>+cooccurrence} on home where that version's home is ranked by its EASE item
 * model; null from a server that does not say).
 */
public record Recommendations(String recommendationId, String surface, String model, List<RecommendedItem> items) {

    public Recommendations {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
