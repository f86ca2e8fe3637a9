package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which rows of an item-to-item model ({@link EaseModel} dense, {@link SparseItemModel} sparse) a request scores
 * from: each item counts once, as in the binary matrix EASE learns from.
 */
final class ItemModelRows {
    private ItemModelRows() {
    }

    /**
     * The rows of the history's items, except an item whose only events carry no weight (such as a removal from
     * the cart).
     */
    static Set<Integer> ofHistory(List<Interaction> history, Positions<ItemId> index, EventWeights weights) {
        Set<Integer> rows = new HashSet<>();
        for (Interaction interaction : history) {
            int i = index.indexOf(interaction.item());
            if (i >= 0 && weights.of(interaction.type()) > 0.0) {
                rows.add(i);
            }
        }
        return rows;
    }

    /** The rows of {@code items} the model holds. */
    static Set<Integer> of(Collection<ItemId> items, Positions<ItemId> index) {
        Set<Integer> rows = new HashSet<>();
        for (ItemId item : items) {
            int i = index.indexOf(item);
            if (i >= 0) {
                rows.add(i);
            }
        }
        return rows;
    }
}
