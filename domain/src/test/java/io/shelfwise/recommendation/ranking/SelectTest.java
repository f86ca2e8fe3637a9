package io.shelfwise.recommendation.ranking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Selection gives what sorting gives: the same k smallest keys, the same value at a rank. */
class SelectTest {
    @Test
    void the_k_smallest_keys_are_those_a_sort_puts_first() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(400);
            int k = random.nextInt(n + 2);
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                // Few distinct high parts (ties in score), distinct low parts (the item index).
                keys[i] = ((long) random.nextInt(round % 2 == 0 ? 5 : 1_000_000) << 32) | i;
            }
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            Select.smallest(keys, n, k);
            int first = Math.min(k, n);
            long[] chosen = Arrays.copyOf(keys, first);
            Arrays.sort(chosen);
            assertArrayEquals(Arrays.copyOf(sorted, first), chosen, "n " + n + ", k " + k);
            Arrays.sort(keys);
            assertArrayEquals(sorted, keys, "nothing lost or duplicated");
        }
    }

    @Test
    void the_value_at_a_rank_is_the_sorted_arrays() {
        SplittableRandom random = new SplittableRandom(12);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(600);
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = round % 3 == 0 ? random.nextInt(4) : (float) random.nextGaussian();
            }
            float[] sorted = values.clone();
            Arrays.sort(sorted);
            int rank = random.nextInt(n);
            assertEquals(sorted[rank], Select.atRank(values, n, rank), "n " + n + ", rank " + rank);
        }
    }
}
