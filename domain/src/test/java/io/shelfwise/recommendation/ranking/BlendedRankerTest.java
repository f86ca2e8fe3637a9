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
    void home_asks_each_ranker_for_the_home_depth_and_the_other_surfaces_for_the_depth() {
        // Offset 0, equal weights. Depth 4 sees y fourth in the first list and first in the second: 0.125 + 0.5 =
        // 0.625, ahead of x (0.5). Home depth 3 cuts y from the first list: y = 0.5 ties with x, which came first.
        Ranker first = new Fixed("first", items("x", "b", "c", "y"));
        Ranker second = new Fixed("second", items("y", "e", "f", "g"));
        BlendedRanker ranker = new BlendedRanker("blend", first, second, BlendedRanker.Weights.all(0.5), 4, 3, 0);

        assertEquals(items("x", "y", "b"), ranker.home(List.of(), 3));
        assertEquals(items("y", "x", "b"), ranker.cart(items("q"), List.of(), 3));
        assertEquals(items("y", "x", "b"), ranker.similar(item("q"), 3));
        assertEquals(items("y", "x", "b"), new BlendedRanker("blend", first, second, BlendedRanker.Weights.all(0.5),
                4, 0).home(List.of(), 3), "one depth for every surface, as before");
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

    @Test
    void the_fusion_orders_as_summed_reciprocal_ranks_with_ties_in_first_seen_order() {
        // Against a direct statement of the rule, over random lists with repeats, shared items and ties.
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 500; round++) {
            List<ItemId> a = new java.util.ArrayList<>();
            List<ItemId> b = new java.util.ArrayList<>();
            int universe = 1 + random.nextInt(60);
            for (int i = random.nextInt(40); i > 0; i--) {
                a.add(item("i" + random.nextInt(universe)));
            }
            for (int i = random.nextInt(40); i > 0; i--) {
                b.add(item("i" + random.nextInt(universe)));
            }
            double w = random.nextInt(3) == 0 ? 0.5 : random.nextDouble();
            int k = 1 + random.nextInt(50);
            BlendedRanker ranker = new BlendedRanker("r", FIRST, SECOND, BlendedRanker.Weights.all(w), 100, 10);
            assertEquals(reference(w, k, a, b, 10), ranker.fuse(w, k, a, b), "round " + round);
        }
    }

    /** The rule as written: each item's first place in each list scores weight / (offset + rank). */
    private static List<ItemId> reference(double w, int k, List<ItemId> a, List<ItemId> b, double offset) {
        java.util.LinkedHashMap<ItemId, Double> scores = new java.util.LinkedHashMap<>();
        for (List<ItemId> list : List.of(a, b)) {
            java.util.Set<ItemId> counted = new java.util.HashSet<>();
            double weight = list == a ? w : 1 - w;
            for (int r = 0; r < list.size(); r++) {
                if (counted.add(list.get(r))) {
                    scores.merge(list.get(r), weight / (offset + r + 1), Double::sum);
                }
            }
        }
        List<ItemId> ordered = new java.util.ArrayList<>(scores.keySet());
        ordered.sort((x, y) -> Double.compare(scores.get(y), scores.get(x)));
        return ordered.subList(0, Math.min(k, ordered.size()));
    }
}
