package io.shelfwise.recommendation.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairWeightsTest {

    @Test
    void sums_match_a_plain_map_through_many_resizes_whatever_the_order_of_a_pair() {
        PairWeights pairs = new PairWeights(1);
        Map<List<Integer>, Double> expected = new HashMap<>();
        Random random = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            int a = random.nextInt(2_000);
            int b = random.nextInt(2_000);
            if (a == b) {
                continue;
            }
            double weight = 1 + random.nextInt(5);
            pairs.add(a, b, weight);
            expected.merge(List.of(Math.min(a, b), Math.max(a, b)), weight, Double::sum);
        }

        Map<List<Integer>, Double> actual = new HashMap<>();
        pairs.forEach((low, high, weight) -> actual.put(List.of(low, high), weight));

        assertEquals(expected.size(), pairs.size());
        assertEquals(expected, actual);
    }

    @Test
    void the_largest_indexes_round_trip() {
        PairWeights pairs = new PairWeights(4);
        pairs.add(Integer.MAX_VALUE, 0, 2.0);
        pairs.add(0, Integer.MAX_VALUE, 1.0);
        pairs.forEach((low, high, weight) -> {
            assertEquals(0, low);
            assertEquals(Integer.MAX_VALUE, high);
            assertEquals(3.0, weight);
        });
        assertEquals(1, pairs.size());
    }
}
