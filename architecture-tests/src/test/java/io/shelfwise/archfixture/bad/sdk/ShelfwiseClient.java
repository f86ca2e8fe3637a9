package io.shelfwise.archfixture.bad.sdk;

import io.shelfwise.archfixture.bad.recommendation.RecommendedItem;
import java.util.List;

/** Breaks rule 4: the published SDK hands out the server's domain record. */
public final class ShelfwiseClient {
    public List<RecommendedItem> recommendations(String surface) {
        return List.of();
    }
}
