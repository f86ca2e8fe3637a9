package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.item;
import static io.shelfwise.recommendation.ranking.Events.items;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EaseModelTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    // Rows say what an interaction with a, b or c speaks for (binary fractions: sums are exact); d and e are
    // outside the matrix.
    private static final List<ItemId> MATRIX_ITEMS = items("a", "b", "c");
    private static final float[] WEIGHTS = {
        0f, 0.5f, 0.25f,
        0.125f, 0f, 0.25f,
        0.375f, -0.25f, 0f,
    };
    private static final List<ItemId> BESTSELLERS = items("e", "d", "a", "b", "c");

    private static EaseModel model(Set<ItemId> outOfStock) {
        return new EaseModel("ease", MATRIX_ITEMS, WEIGHTS, i -> !outOfStock.contains(i),
                new PopularityRanker(BESTSELLERS, i -> !outOfStock.contains(i)), EventWeights.standard());
    }

    private static Interaction seen(String item, EventType type) {
        return new Interaction(item(item), type, AT);
    }

    @Test
    void home_sums_the_rows_of_the_history_once_per_item_and_fills_from_the_bestsellers() {
        // a + b, each once: a 0.125, b 0.5, c 0.5; equal scores go to the item first in the matrix (b).
        List<Interaction> history = List.of(seen("a", EventType.VIEW), seen("b", EventType.VIEW),
                seen("a", EventType.VIEW), seen("a", EventType.VIEW));

        assertEquals(items("b", "c", "a", "e", "d"), model(Set.of()).home(history, 5));
    }

    @Test
    void home_leaves_out_what_was_bought_and_what_is_out_of_stock_and_never_scores_below_zero() {
        List<Interaction> history = List.of(seen("c", EventType.PURCHASE));

        // c's row: a 0.375, b -0.25 (not a reason to show b), c bought; b only comes from the bestsellers' fill.
        assertEquals(items("a", "e", "d", "b"), model(Set.of()).home(history, 4));
        assertEquals(items("e", "d", "b"), model(Set.of(item("a"))).home(history, 3));
    }

    @Test
    void cart_and_similar_never_return_their_own_items() {
        assertEquals(items("c", "e", "d"), model(Set.of()).cart(items("a", "b"), List.of(), 3));
        assertEquals(items("b", "c", "e"), model(Set.of()).similar(item("a"), 3));
    }

    @Test
    void items_outside_the_matrix_give_the_bestsellers() {
        assertEquals(items("e", "a", "b"), model(Set.of()).similar(item("d"), 3));
        assertEquals(items("e", "d"), model(Set.of()).home(List.of(seen("d", EventType.VIEW)), 2));
    }

    @Test
    void weights_must_cover_the_matrix() {
        assertThrows(IllegalArgumentException.class, () -> new EaseModel("ease", MATRIX_ITEMS, new float[8],
                i -> true, new PopularityRanker(BESTSELLERS, i -> true), EventWeights.standard()));
    }
}
