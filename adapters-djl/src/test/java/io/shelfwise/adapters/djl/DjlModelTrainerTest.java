package io.shelfwise.adapters.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.training.Interactions;
import io.shelfwise.recommendation.training.TrainingOptions;
import io.shelfwise.recommendation.training.TrainingProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DjlModelTrainerTest {

    private static final TrainingOptions OPTIONS = new TrainingOptions(8, 8, 0.05f, 0.1f, 7);
    private static final TrainingProgress IGNORED = (epoch, epochs, loss, elapsed) -> { };

    private final DjlModelTrainer trainer = new DjlModelTrainer();

    @Test
    void shoppers_rank_held_out_items_of_their_own_taste_above_other_tastes() {
        GroupedStore store = GroupedStore.generate(3, 40, 30, 11);

        LearnedFactors factors = trainer.train(store.training(), OPTIONS, IGNORED);

        double[] auc = store.heldOutAuc(factors);
        long good = Arrays.stream(auc).filter(a -> a > 0.8).count();
        assertTrue(good >= 0.9 * auc.length,
                good + " of " + auc.length + " shoppers rank their held-out items above others' with AUC > 0.8; "
                        + "mean AUC " + Arrays.stream(auc).average().orElse(0));
    }

    @Test
    void loss_never_rises_and_ends_well_below_the_first_epoch() {
        List<Double> losses = new ArrayList<>();

        trainer.train(GroupedStore.generate(3, 40, 30, 11).training(), OPTIONS,
                (epoch, epochs, loss, elapsed) -> losses.add(loss));

        for (int i = 1; i < losses.size(); i++) {
            // Each half-epoch is an exact descent step; the slack only absorbs float32 rounding in the sums.
            assertTrue(losses.get(i) <= losses.get(i - 1) * (1 + 1e-5), "epoch " + (i + 1) + " rose: " + losses);
        }
        assertTrue(losses.getLast() < 0.8 * losses.getFirst(), "loss barely moved: " + losses);
    }

    @Test
    void progress_is_reported_once_per_epoch_in_order() {
        List<Integer> epochs = new ArrayList<>();
        List<Duration> elapsed = new ArrayList<>();

        trainer.train(GroupedStore.generate(2, 10, 10, 3).training(), OPTIONS, (epoch, total, loss, time) -> {
            assertEquals(OPTIONS.epochs(), total);
            assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
            epochs.add(epoch);
            elapsed.add(time);
        });

        assertEquals(IntStream.rangeClosed(1, OPTIONS.epochs()).boxed().toList(), epochs);
        for (int i = 1; i < elapsed.size(); i++) {
            assertTrue(elapsed.get(i).compareTo(elapsed.get(i - 1)) >= 0, "elapsed went back: " + elapsed);
        }
    }

    @Test
    void the_same_seed_gives_bit_identical_factors_and_another_seed_other_factors() {
        Interactions data = GroupedStore.generate(3, 20, 15, 5).training();

        LearnedFactors first = trainer.train(data, OPTIONS, IGNORED);
        LearnedFactors again = trainer.train(data, OPTIONS, IGNORED);
        LearnedFactors otherSeed = trainer.train(data, new TrainingOptions(8, 8, 0.05f, 0.1f, 8), IGNORED);

        assertArrayEquals(first.userVectors(), again.userVectors());
        assertArrayEquals(first.itemVectors(), again.itemVectors());
        assertFalse(Arrays.equals(first.itemVectors(), otherSeed.itemVectors()));
    }

    @Test
    void tenants_trained_at_the_same_time_get_what_they_get_alone() throws Exception {
        Interactions a = GroupedStore.generate(3, 30, 20, 1).training();
        Interactions b = GroupedStore.generate(2, 40, 25, 2).training();
        LearnedFactors aliceAlone = trainer.train(a, OPTIONS, IGNORED);
        LearnedFactors bobAlone = trainer.train(b, OPTIONS, IGNORED);
        // Both wait for each other after their first epoch, so the two trainings surely overlap.
        CyclicBarrier bothStarted = new CyclicBarrier(2);
        TrainingProgress meet = (epoch, epochs, loss, elapsed) -> {
            if (epoch == 1) {
                try {
                    bothStarted.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("the other training never got going", e);
                }
            }
        };

        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<LearnedFactors> alice = pool.submit(() -> trainer.train(a, OPTIONS, meet));
            Future<LearnedFactors> bob = pool.submit(() -> trainer.train(b, OPTIONS, meet));

            assertArrayEquals(aliceAlone.itemVectors(), alice.get().itemVectors());
            assertArrayEquals(bobAlone.itemVectors(), bob.get().itemVectors());
        }
    }

    @Test
    void a_repeated_pair_counts_as_one_pair_with_the_summed_weight() {
        List<String> users = List.of("u0", "u1", "u2");
        List<ItemId> items = items(3);
        Interactions repeated = new Interactions(users, items,
                new int[] {0, 0, 0, 1, 2, 2}, new int[] {0, 1, 0, 1, 2, 0}, new float[] {1, 1, 2, 1, 1, 1});
        Interactions summed = new Interactions(users, items,
                new int[] {0, 0, 1, 2, 2}, new int[] {0, 1, 1, 2, 0}, new float[] {3, 1, 1, 1, 1});

        LearnedFactors fromRepeated = trainer.train(repeated, OPTIONS, IGNORED);
        LearnedFactors fromSummed = trainer.train(summed, OPTIONS, IGNORED);

        assertArrayEquals(fromSummed.userVectors(), fromRepeated.userVectors());
        assertArrayEquals(fromSummed.itemVectors(), fromRepeated.itemVectors());
    }

    @Test
    void vectors_follow_the_input_lists_and_rows_without_feedback_are_zero() {
        List<String> users = List.of("idle", "a", "b");
        List<ItemId> items = items(4);
        Interactions data = new Interactions(users, items,
                new int[] {1, 1, 2, 2}, new int[] {0, 1, 2, 3}, new float[] {1, 1, 1, 1});

        LearnedFactors factors = trainer.train(data, new TrainingOptions(4, 10, 0.05f, 0.01f, 3), IGNORED);

        assertEquals(users, factors.users());
        assertEquals(items, factors.items());
        assertArrayEquals(new float[4], Arrays.copyOfRange(factors.userVectors(), 0, 4));
        assertTrue(score(factors, 1, 0) > score(factors, 1, 2), "user a prefers its own items");
        assertTrue(score(factors, 2, 3) > score(factors, 2, 1), "user b prefers its own items");
    }

    @Test
    void no_interactions_are_rejected() {
        Interactions empty = new Interactions(List.of("u"), items(3), new int[0], new int[0], new float[0]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(empty, OPTIONS, IGNORED));
        assertEquals("no interactions to train on", e.getMessage());
    }

    @Test
    void a_catalog_of_one_item_is_rejected() {
        Interactions single = new Interactions(List.of("u", "v"), items(1),
                new int[] {0, 1}, new int[] {0, 0}, new float[] {1, 1});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(single, OPTIONS, IGNORED));
        assertTrue(e.getMessage().contains("at least two items"), e.getMessage());
    }

    @Test
    void an_index_outside_the_lists_is_rejected() {
        Interactions outside = new Interactions(List.of("u"), items(2),
                new int[] {0, 0}, new int[] {1, 2}, new float[] {1, 1});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(outside, OPTIONS, IGNORED));
        assertTrue(e.getMessage().contains("item index 2"), e.getMessage());
    }

    @Test
    void a_weight_that_is_not_positive_and_finite_is_rejected() {
        for (float bad : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            Interactions data = new Interactions(List.of("u"), items(2),
                    new int[] {0, 0}, new int[] {0, 1}, new float[] {1, bad});

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trainer.train(data, OPTIONS, IGNORED));
            assertTrue(e.getMessage().contains("weights must be positive and finite"), e.getMessage());
        }
    }

    @Test
    void settings_that_cannot_train_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new DjlModelTrainer(0f, 3, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new DjlModelTrainer(10f, 0, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new DjlModelTrainer(10f, 3, 0));
    }

    private static List<ItemId> items(int count) {
        return IntStream.range(0, count).mapToObj(i -> new ItemId("sku-" + i)).toList();
    }

    private static double score(LearnedFactors factors, int user, int item) {
        double sum = 0;
        for (int d = 0; d < factors.dim(); d++) {
            sum += factors.userVectors()[user * factors.dim() + d] * factors.itemVectors()[item * factors.dim() + d];
        }
        return sum;
    }

    /**
     * Shoppers in groups, each group buying from its own block of items: eight training items per shopper from
     * the block (views weigh 1, purchases 3), one noise item from another block, and two more block items held
     * out for evaluation.
     */
    private record GroupedStore(int itemsPerGroup, int usersPerGroup, Interactions training, int[][] heldOut) {

        static GroupedStore generate(int groups, int usersPerGroup, int itemsPerGroup, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int userCount = groups * usersPerGroup;
            List<Integer> user = new ArrayList<>();
            List<Integer> item = new ArrayList<>();
            List<Float> weight = new ArrayList<>();
            int[][] heldOut = new int[userCount][];
            for (int u = 0; u < userCount; u++) {
                int group = u / usersPerGroup;
                int[] chosen = random.ints(0, itemsPerGroup).distinct().limit(10)
                        .map(i -> group * itemsPerGroup + i).toArray();
                for (int k = 0; k < 8; k++) {
                    user.add(u);
                    item.add(chosen[k]);
                    weight.add(random.nextInt(4) == 0 ? 3f : 1f);
                }
                heldOut[u] = new int[] {chosen[8], chosen[9]};
                int otherGroup = (group + 1 + random.nextInt(groups - 1)) % groups;
                user.add(u);
                item.add(otherGroup * itemsPerGroup + random.nextInt(itemsPerGroup));
                weight.add(1f);
            }
            List<String> users = IntStream.range(0, userCount).mapToObj(u -> "shopper-" + u).toList();
            float[] weights = new float[weight.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = weight.get(i);
            }
            Interactions training = new Interactions(users, items(groups * itemsPerGroup),
                    user.stream().mapToInt(Integer::intValue).toArray(),
                    item.stream().mapToInt(Integer::intValue).toArray(), weights);
            return new GroupedStore(itemsPerGroup, usersPerGroup, training, heldOut);
        }

        /** Per shopper: the share of (held-out own-group item, other-group item not trained on) pairs ranked right. */
        double[] heldOutAuc(LearnedFactors factors) {
            double[] auc = new double[heldOut.length];
            for (int u = 0; u < heldOut.length; u++) {
                int group = u / usersPerGroup;
                Set<Integer> seen = new HashSet<>();
                for (int i = 0; i < training.size(); i++) {
                    if (training.user()[i] == u) {
                        seen.add(training.item()[i]);
                    }
                }
                int right = 0;
                int pairs = 0;
                for (int positive : heldOut[u]) {
                    for (int negative = 0; negative < training.items().size(); negative++) {
                        if (negative / itemsPerGroup == group || seen.contains(negative)) {
                            continue;
                        }
                        pairs++;
                        if (score(factors, u, positive) > score(factors, u, negative)) {
                            right++;
                        }
                    }
                }
                auc[u] = (double) right / pairs;
            }
            return auc;
        }
    }
}
