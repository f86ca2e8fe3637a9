package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.List;

/**
 * What a factor model learned: a {@code dim}-long vector per item and per user seen in training, stored row by
 * row; a user's affinity to an item is their dot product.
 */
public record LearnedFactors(int dim, List<ItemId> items, float[] itemVectors, List<String> users,
                             float[] userVectors) {
    public LearnedFactors {
        items = List.copyOf(items);
        users = List.copyOf(users);
        if (dim < 1 || itemVectors.length != items.size() * dim || userVectors.length != users.size() * dim) {
            throw new IllegalArgumentException("vectors must hold dim values per item and per user");
        }
    }
}
