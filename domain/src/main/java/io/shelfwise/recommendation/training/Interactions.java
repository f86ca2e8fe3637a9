package io.shelfwise.recommendation.training;

import io.shelfwise.catalog.ItemId;
import java.util.List;
import java.util.Objects;

/**
 * One tenant's implicit feedback prepared for training: {@code n} weighted (user, item) pairs over indexed users
 * and items. Weights come from event types (a purchase counts more than a view); repeated pairs may appear.
 *
 * @param user   {@code user[i]} is the index into {@code users} of pair {@code i}
 * @param item   {@code item[i]} is the index into {@code items} of pair {@code i}
 * @param weight {@code weight[i] > 0} is the strength of pair {@code i}
 */
public record Interactions(List<String> users, List<ItemId> items, int[] user, int[] item, float[] weight) {
    public Interactions {
        users = List.copyOf(users);
        items = List.copyOf(items);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(weight, "weight");
        if (user.length != item.length || item.length != weight.length) {
            throw new IllegalArgumentException("user, item and weight must have one entry per pair");
        }
    }

    public int size() {
        return user.length;
    }
}
