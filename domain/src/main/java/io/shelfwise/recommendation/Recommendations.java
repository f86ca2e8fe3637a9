package io.shelfwise.recommendation;

import java.util.List;

/**
 * A ranked list for one placement, with the id that clicks and purchases cite for attribution, and the model that
 * ranked it ({@code popularity}, {@code cooccurrence}, or {@code ials-v<N>+cooccurrence} once a learned version
 * serves the tenant; {@code ease-v<N>+cooccurrence} on home where that version's home is ranked by its EASE item
 * model).
 */
public record Recommendations(String recommendationId, String surface, String model, List<ScoredItem> items) {
    public Recommendations {
        items = List.copyOf(items);
    }
}
