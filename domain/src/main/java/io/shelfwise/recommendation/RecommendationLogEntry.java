package io.shelfwise.recommendation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One served list, kept so that later clicks and purchases citing its id can be attributed. */
public record RecommendationLogEntry(String recommendationId, String surface, String userId, List<String> itemIds,
                                     Instant servedAt) {
    public RecommendationLogEntry {
        Objects.requireNonNull(recommendationId, "recommendationId");
        Objects.requireNonNull(surface, "surface");
        Objects.requireNonNull(servedAt, "servedAt");
        itemIds = List.copyOf(itemIds);
    }

    /** The entry for a list just served to {@code userId} (null when anonymous). */
    public static RecommendationLogEntry of(Recommendations served, String userId, Instant servedAt) {
        return new RecommendationLogEntry(served.recommendationId(), served.surface(), userId,
                served.items().stream().map(s -> s.item().id().value()).toList(), servedAt);
    }
}
