package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.item;
import static io.shelfwise.recommendation.ranking.Events.items;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.catalog.ItemId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlendedRankerTest {

    /** A ranker that gives the same list on every surface, cut to k. */
    private record Fixed(String name, List<ItemId> list) implements Ranker {
        @Override
        public List<ItemId> home(List<Interaction> history, int k) {
            return list.subList(0, Math.min(k, list.size()));
        }

        @Override
        public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
            return home(history, k);
        }

        @Override
        public List<ItemId> similar(ItemId item, int k) {
            return home(List.of(), k);
        }
    }

    private static final Ranker FIRST = new Fixed("first", items("x", "y", "z"));
    private static final Ranker SECOND = new Fixed("second", items("w", "y", "v"));

    private static BlendedRanker blend(BlendedRanker.Weights weights, double offset) {
        return new BlendedRanker("blend", FIRST, SECOND, weights, 10, offset);
    }

    @Test
    void weight_one_is_the_first_ranker_alone_and_weight_zero_the_second() {
        assertEquals(items("x", "y"), blend(BlendedRanker.Weights.all(1.0), 1).home(List.of(), 2));
        assertEquals(items("w", "y"), blend(BlendedRanker.Weights.all(0.0), 1).home(List.of(), 2));
    }

    @Test
    void an_item_both_rankers_place_well_rises_above_the_top_of_either_list() {
        // Offset 1, equal weights: x = 0.5/2 = 0.25, y = 0.5/3 + 0.5/3 = 0.33, w = 0.25, z = v = 0.125.
        List<ItemId> list = blend(BlendedRanker.Weights.all(0.5), 1).home(List.of(), 5);

        assertEquals(items("y", "x", "w", "z", "v"), list);
    }

    @Test
    void each_surface_uses_its_own_weight() {
        BlendedRanker ranker = blend(new BlendedRanker.Weights(0.9, 0.1, 0.5), 1);

        assertEquals(item("x"), ranker.home(List.of(), 3).getFirst());
        assertEquals(item("w"), ranker.cart(items("q"), List.of(), 3).getFirst());
        assertEquals(item("y"), ranker.similar(item("q"), 3).getFirst());
    }

    @Test
    void weights_outside_zero_to_one_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> BlendedRanker.Weights.all(1.5));
        assertThrows(IllegalArgumentException.class, () -> new BlendedRanker.Weights(0.5, -0.1, 0.5));
    }
}
