package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.items;
import static io.shelfwise.recommendation.ranking.Events.touch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseItemModelTest {
    private static final List<ItemId> ABCD = items("a", "b", "c", "d");
    /** Row a: b 0.5, c 0.5, d -1; row b: a 0.2, c 0.9, d 0.1; row c: nothing positive; row d: a 0.3. */
    private static final float[] DENSE = {
        0f, 0.5f, 0.5f, -1f,
        0.2f, 0f, 0.9f, 0.1f,
        -0.1f, 0f, 0f, -0.2f,
        0.3f, 0f, 0f, 0f,
    };
    private static final PopularityRanker BESTSELLERS = new PopularityRanker(items("z", "d", "c", "b", "a"),
            id -> true);

    @Test
    void each_item_keeps_its_strongest_positive_weights_strongest_first_ties_to_the_lower_column() {
        SparseItemModel kept = SparseItemModel.strongest(ABCD, DENSE, 2);
        assertArrayEquals(new int[] {0, 2, 4, 4, 5}, kept.rowStart());
        assertArrayEquals(new int[] {1, 2, 2, 0, 0}, kept.columns());
        // Held in 16 bits: within half a step of row b's largest weight (0.9 / 65,534).
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.9f, 0.2f, 0.3f}, kept.weights(), 0.9f / 65_534);
        assertEquals(5, kept.size());
        assertThrows(IllegalArgumentException.class, () -> SparseItemModel.strongest(ABCD, DENSE, 0));
        assertThrows(IllegalArgumentException.class, () -> SparseItemModel.strongest(ABCD, new float[15], 2));
        assertThrows(IllegalArgumentException.class, () -> new SparseItemModel(ABCD, new int[] {0, 1, 1, 1, 1},
                new int[] {4}, new float[] {1f}), "a column outside the items");
        assertThrows(IllegalArgumentException.class, () -> new SparseItemModel(ABCD, new int[] {0, 1, 1, 1, 1},
                new int[] {1}, new float[] {Float.NaN}), "a weight that is not a number");
        assertThrows(IllegalArgumentException.class, () -> new SparseItemModel(items("a", "a"), new int[] {0, 0, 0},
                new int[0], new float[0]), "an item twice");
    }

    @Test
    void weights_are_held_to_half_a_step_of_their_own_rows_largest_and_hold_again_unchanged() {
        Random random = new Random(7);
        int n = 200;
        List<ItemId> ids = numbered(n);
        int[] rowStart = new int[n + 1];
        int[] columns = new int[n * 10];
        float[] weights = new float[n * 10];
        for (int row = 0; row < n; row++) {
            // Rows from 1e-6 to 1e2 in scale, some with negative weights: each keeps its own precision (half a step,
            // plus float rounding).
            float scale = (float) Math.pow(10, row % 9 - 6);
            for (int j = 0; j < 10; j++) {
                columns[row * 10 + j] = (row + j + 1) % n;
                weights[row * 10 + j] = scale * (random.nextFloat() - (row % 3 == 0 ? 0.5f : 0f));
            }
            rowStart[row + 1] = (row + 1) * 10;
        }
        SparseItemModel model = new SparseItemModel(ids, rowStart, columns, weights);
        float[] held = model.weights();
        for (int row = 0; row < n; row++) {
            float largest = 0f;
            for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
                largest = Math.max(largest, Math.abs(weights[p]));
            }
            for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
                assertEquals(weights[p], held[p], largest / 65_534 * 1.01f, "weight " + p + " of row " + row);
            }
        }
        assertArrayEquals(held, new SparseItemModel(ids, rowStart, columns, held).weights(),
                "a stored model loads with the weights it was stored with");
        // A row of subnormal-scale weights: the step loses precision, the held values keep their signs.
        float[] tiny = new SparseItemModel(items("a", "b"), new int[] {0, 2, 2}, new int[] {0, 1},
                new float[] {3e-38f, -3e-38f}).weights();
        assertTrue(tiny[0] > 0 && tiny[1] < 0, "signs kept: " + tiny[0] + ", " + tiny[1]);
        SparseItemModel zeros = new SparseItemModel(items("a", "b"), new int[] {0, 1, 1}, new int[] {1},
                new float[] {0f});
        assertArrayEquals(new float[] {0f}, zeros.weights());
    }

    @Test
    void home_sums_the_rows_of_the_history_leaves_out_what_was_bought_and_fills_from_the_bestsellers() {
        Ranker ranker = SparseItemModel.strongest(ABCD, DENSE, 2).ranker("ease", id -> true, BESTSELLERS,
                EventWeights.standard());
        // a and b: c 0.5 + 0.9, a 0.2, b 0.5; b was bought, so it is left out; then the bestsellers.
        List<Interaction> history = List.of(touch("a", EventType.VIEW, "2026-11-01T10:00:00Z"),
                touch("b", EventType.PURCHASE, "2026-11-02T10:00:00Z"));
        assertEquals(items("c", "a", "z", "d"), ranker.home(history, 4));
        assertEquals(items("a", "z"), ranker.cart(items("d"), List.of(), 2), "the cart's rows; never the cart");
        assertEquals(items("c", "a", "z"), ranker.similar(new ItemId("b"), 3));
        Ranker outOfStock = SparseItemModel.strongest(ABCD, DENSE, 2).ranker("ease", id -> !id.value().equals("c"),
                BESTSELLERS, EventWeights.standard());
        assertEquals(items("a", "z"), outOfStock.home(history, 2), "an item out of stock is never listed");
    }

    @Test
    void it_ranks_as_the_dense_model_keeping_the_same_weights() {
        Random random = new Random(5);
        int n = 40;
        List<ItemId> all = numbered(n);
        float[] dense = new float[n * n];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = i / n == i % n ? 0f : (float) random.nextGaussian();
        }
        PopularityRanker fallback = new PopularityRanker(List.copyOf(all), id -> true);
        Ranker sparse = SparseItemModel.strongest(all, dense, 7).ranker("sparse", id -> true, fallback,
                EventWeights.standard());
        Ranker reference = new EaseModel("dense", all, EaseModel.strongest(dense, n, 7), id -> true, fallback,
                EventWeights.standard());
        for (int q = 0; q < 50; q++) {
            List<Interaction> history = new ArrayList<>();
            for (int e = 0; e < 1 + random.nextInt(6); e++) {
                history.add(touch("i" + random.nextInt(n), EventType.VIEW, "2026-11-01T10:00:00Z"));
            }
            assertEquals(reference.home(history, 10), sparse.home(history, 10));
            ItemId item = all.get(random.nextInt(n));
            assertEquals(reference.similar(item, 10), sparse.similar(item, 10));
        }
    }

    @Test
    void a_model_of_more_than_65536_items_keeps_columns_past_16_bits_and_a_smaller_one_the_same_columns() {
        int n = (1 << 16) + 10;
        List<ItemId> many = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            many.add(new ItemId("i" + i));
        }
        int[] rowStart = new int[n + 1];
        rowStart[1] = 2;
        java.util.Arrays.fill(rowStart, 2, n + 1, 2);
        int[] columns = {n - 1, n - 3};
        SparseItemModel wide = new SparseItemModel(many, rowStart, columns, new float[] {0.9f, 0.5f});
        assertArrayEquals(columns, wide.columns());
        assertEquals(List.of(new ItemId("i" + (n - 1)), new ItemId("i" + (n - 3))),
                wide.ranker("ease", id -> true, new PopularityRanker(List.of(), id -> true),
                        EventWeights.standard()).similar(new ItemId("i0"), 2));

        SparseItemModel narrow = SparseItemModel.strongest(ABCD, DENSE, 2);
        assertArrayEquals(narrow.columns(), new SparseItemModel(ABCD, narrow.rowStart(), narrow.columns(),
                narrow.weights()).columns(), "columns read back as they were given");
    }

    @Test
    void a_model_given_other_instances_of_its_ids_holds_them_and_ranks_the_same() {
        SparseItemModel model = SparseItemModel.strongest(ABCD, DENSE, 2);
        ItemId b = new ItemId("b");
        SparseItemModel shared = model.withIds(id -> id.equals(b) ? b : id);
        assertEquals(true, shared.items().get(1) == b, "the instance the map gave");
        assertArrayEquals(model.columns(), shared.columns());
        assertArrayEquals(model.weights(), shared.weights());
        assertArrayEquals(model.rowStart(), shared.rowStart());
        ItemId a = items("a").get(0);
        assertEquals(model.ranker("ease", id -> true, BESTSELLERS, EventWeights.standard()).similar(a, 3),
                shared.ranker("ease", id -> true, BESTSELLERS, EventWeights.standard()).similar(a, 3));
        assertThrows(IllegalArgumentException.class, () -> model.withIds(id -> new ItemId("x")),
                "an id mapped to another id is refused");
    }

    /** Items i0 .. i{n-1}. */
    private static List<ItemId> numbered(int n) {
        List<ItemId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(new ItemId("i" + i));
        }
        return ids;
    }
}
