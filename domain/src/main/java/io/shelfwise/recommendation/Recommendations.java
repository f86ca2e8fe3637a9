package io.shelfwise.recommendation;

import java.util.List;

/** A ranked list for one placement, with the id that clicks and purchases cite for attribution. */
public record Recommendations(String recommendationId, String surface, List<ScoredItem> items) {
    public Recommendations {
        items = List.copyOf(items);
    }
}
