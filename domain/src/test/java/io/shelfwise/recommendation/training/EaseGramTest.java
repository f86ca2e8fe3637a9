package io.shelfwise.recommendation.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.catalog.ItemId;
import java.util.List;
import org.junit.jupiter.api.Test;

class EaseGramTest {
    // u1 touched a and b (a twice), u2 a, b and c, u3 c; a pair of weight 0 (u3, d) does not count.
    private static final Interactions DATA = new Interactions(List.of("u1", "u2", "u3"),
            List.of(new ItemId("c"), new ItemId("b"), new ItemId("a"), new ItemId("d")),
            new int[] {0, 0, 0, 1, 1, 1, 2, 2},
            new int[] {2, 1, 2, 2, 1, 0, 0, 3},
            new float[] {1f, 3f, 2f, 1f, 1f, 1f, 5f, 0f});

    @Test
    void counts_each_shopper_once_per_pair_of_items_over_the_items_with_the_most_shoppers() {
        EaseGram all = EaseGram.of(DATA, 10);

        // Two shoppers each for a, b and c (ties by id); d had no weighted pair.
        assertEquals(List.of(new ItemId("a"), new ItemId("b"), new ItemId("c")), all.items());
        assertArrayEquals(new float[] {
            2f, 2f, 1f,
            2f, 2f, 1f,
            1f, 1f, 2f,
        }, all.matrix());
    }

    @Test
    void keeps_only_the_first_items() {
        EaseGram two = EaseGram.of(DATA, 2);

        assertEquals(List.of(new ItemId("a"), new ItemId("b")), two.items());
        assertArrayEquals(new float[] {2f, 2f, 2f, 2f}, two.matrix());
    }
}
