package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.BitSet;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Which of a model's items (by index) a list may hold: those its stock predicate admitted when the model was built
 * (serving passes "all", the gate a fixed set), asked once per item so that scoring tests an array, not a hash
 * lookup per candidate; and per request, not among the items it excludes.
 */
final class Stock {
    /** Null when the predicate admitted every item. */
    private final boolean[] stocked;

    private Stock(boolean[] stocked) {
        this.stocked = stocked;
    }

    static Stock of(ItemId[] items, Predicate<ItemId> inStock) {
        boolean[] stocked = new boolean[items.length];
        boolean all = true;
        for (int i = 0; i < items.length; i++) {
            stocked[i] = inStock.test(items[i]);
            all &= stocked[i];
        }
        return new Stock(all ? null : stocked);
    }

    /** Indexes of items in stock and not in {@code excluded} ({@code index} maps the model's items to indexes). */
    IntPredicate admitsExcept(Set<ItemId> excluded, Positions<ItemId> index) {
        BitSet skipped = new BitSet();
        for (ItemId item : excluded) {
            int i = index.indexOf(item);
            if (i >= 0) {
                skipped.set(i);
            }
        }
        return i -> !skipped.get(i) && (stocked == null || stocked[i]);
    }
}
