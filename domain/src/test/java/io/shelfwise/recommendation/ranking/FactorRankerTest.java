package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.item;
import static io.shelfwise.recommendation.ranking.Events.items;
import static io.shelfwise.recommendation.ranking.Events.touch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FactorRankerTest {
    private static final Predicate<ItemId> ALL_IN_STOCK = id -> true;
    private static final String T1 = "2026-03-01T10:00:00Z";
    private static final String T2 = "2026-03-01T10:05:00Z";

    /** Popularity for fallbacks: p1, p2, p3 are in no factor model here. */
    private static PopularityRanker popularity(Predicate<ItemId> inStock) {
        return new PopularityRanker(items("p1", "p2", "p3"), inStock);
    }

    private static FactorRanker ranker(LearnedFactors factors, Predicate<ItemId> inStock,
                                       FactorRanker.Config config) {
        return new FactorRanker("factors", factors, inStock, popularity(inStock), config);
    }

    /**
     * In two dimensions: a along x; b almost along x (cosine with a 0.99); f long and diagonal (cosine with a 0.71,
     * but the largest dot product with a); c along y. User u1 points along y.
     */
    private static LearnedFactors plane() {
        return new LearnedFactors(2, items("a", "b", "f", "c"),
                new float[] {1, 0, 0.9f, 0.1f, 5, 5, 0, 1},
                List.of("u1"), new float[] {0, 1});
    }

    @Test
    void similar_lists_items_by_cosine_with_the_item_shown_not_by_dot_product_and_never_the_item_itself() {
        FactorRanker ranker = ranker(plane(), ALL_IN_STOCK, FactorRanker.Config.defaults());

        assertEquals(items("b", "f", "c"), ranker.similar(item("a"), 3));
    }

    @Test
    void out_of_stock_items_never_appear_and_the_list_is_filled_by_popularity() {
        Predicate<ItemId> inStock = id -> !id.equals(item("b")) && !id.equals(item("p1"));
        FactorRanker ranker = ranker(plane(), inStock, FactorRanker.Config.defaults());

        assertEquals(items("f", "c", "p2", "p3"), ranker.similar(item("a"), 4));
    }

    @Test
    void an_item_without_a_vector_gets_the_popular_items_on_its_product_page() {
        FactorRanker ranker = ranker(plane(), ALL_IN_STOCK, FactorRanker.Config.defaults());

        assertEquals(items("p1", "p2"), ranker.similar(item("unknown"), 2));
    }

    @Test
    void home_for_a_shopper_seen_in_training_uses_their_learned_vector_even_without_history() {
        FactorRanker ranker = ranker(plane(), ALL_IN_STOCK, FactorRanker.Config.defaults());

        // u1 points along y: f (dot 5) then c (dot 1).
        assertEquals(items("f", "c"), ranker.home("u1", List.of(), 2));
        // Without the shopper's id and with no history there is no vector: popularity.
        assertEquals(items("p1", "p2"), ranker.home(List.of(), 2));
    }

    @Test
    void home_folds_a_new_shopper_in_from_their_history_and_leaves_out_what_they_bought() {
        // Items on the axes, so a history of x-items gives a vector along x only.
        LearnedFactors axes = new LearnedFactors(2, items("a", "b", "c", "d"),
                new float[] {1, 0, 2, 0, 0, 1, 0, 3}, List.of(), new float[0]);
        FactorRanker ranker = ranker(axes, ALL_IN_STOCK, FactorRanker.Config.defaults());

        assertEquals(items("b", "a"), ranker.home(List.of(touch("a", EventType.VIEW, T1)), 2));
        assertEquals(items("d", "c"), ranker.home(List.of(touch("c", EventType.VIEW, T1)), 2));
        List<ItemId> afterPurchase = ranker.home(List.of(touch("b", EventType.PURCHASE, T1)), 3);
        assertEquals(items("a"), afterPurchase.subList(0, 1));
        assertFalse(afterPurchase.contains(item("b")));
    }

    @Test
    void fold_in_solves_the_implicit_als_least_squares_problem_with_weighted_lambda() {
        // One dimension, items a = 1 and b = 2: Y'Y = 5. A view (weight 1) and a purchase (weight 5) of a sum to
        // w = 6, so confidence is 1 + 10 * 6 = 61 and x = 61 / (5 + 60 + 0.1 * 61) = 61 / 71.1.
        LearnedFactors line = new LearnedFactors(1, items("a", "b"), new float[] {1, 2}, List.of(), new float[0]);
        FactorRanker ranker = ranker(line, ALL_IN_STOCK, FactorRanker.Config.defaults());

        float[] x = ranker.foldIn(List.of(touch("a", EventType.VIEW, T1), touch("a", EventType.PURCHASE, T2)));

        // Held in 16 bits, a is 16,384 steps of 2 / 32,767 (1.00003), so x is off by about as much.
        assertArrayEquals(new float[] {(float) (61 / 71.1)}, x, 5e-5f);
        assertNull(ranker.foldIn(List.of(touch("unknown", EventType.VIEW, T1))));
    }

    @Test
    void fold_in_limited_to_recent_items_ignores_older_ones() {
        LearnedFactors axes = new LearnedFactors(2, items("a", "c"), new float[] {1, 0, 0, 1}, List.of(),
                new float[0]);
        List<Interaction> history = List.of(touch("a", EventType.VIEW, T1), touch("c", EventType.VIEW, T2));

        float[] all = ranker(axes, ALL_IN_STOCK, FactorRanker.Config.defaults()).foldIn(history);
        float[] latest = ranker(axes, ALL_IN_STOCK, FactorRanker.Config.defaults().withRecency(1, 1.0))
                .foldIn(history);

        assertEquals(all[0], all[1], 1e-6f);
        // Only c: confidence 11, so x = (0, 11 / (1 + 10 + 0.1 * 11)).
        assertEquals(0f, latest[0]);
        assertEquals((float) (11 / 12.1), latest[1], 1e-6f);
    }

    @Test
    void cosine_cart_sums_the_neighbours_of_every_cart_item() {
        // g is halfway between a and c (cosine 0.71 with each); b is almost a (cosine 0.999 with a, 0.05 with c).
        LearnedFactors factors = new LearnedFactors(2, items("a", "c", "b", "g"),
                new float[] {1, 0, 0, 1, 1, 0.05f, 1, 1}, List.of(), new float[0]);
        FactorRanker ranker = ranker(factors, ALL_IN_STOCK, FactorRanker.Config.defaults());

        assertEquals(items("b", "g"), ranker.cart(items("a"), List.of(), 2));
        assertEquals(items("g", "b"), ranker.cart(items("a", "c"), List.of(), 2));
    }

    @Test
    void fold_in_cart_ranks_by_dot_product_with_the_shopper_the_cart_describes() {
        // b points exactly like a but is short; f is long and almost like a.
        LearnedFactors factors = new LearnedFactors(2, items("a", "b", "f"),
                new float[] {1, 0, 0.5f, 0, 3, 0.1f}, List.of(), new float[0]);
        FactorRanker cosine = ranker(factors, ALL_IN_STOCK, FactorRanker.Config.defaults());
        FactorRanker foldIn = ranker(factors, ALL_IN_STOCK,
                FactorRanker.Config.defaults().withCartScoring(FactorRanker.CartScoring.FOLD_IN));

        assertEquals(items("b", "f"), cosine.cart(items("a"), List.of(), 2));
        assertEquals(items("f", "b"), foldIn.cart(items("a"), List.of(), 2));
        assertFalse(foldIn.cart(items("a"), List.of(), 3).contains(item("a")));
    }

    @Test
    void cholesky_solve_solves_a_symmetric_positive_definite_system() {
        // [[4, 2], [2, 3]] x = [2, 5] has x = [-0.5, 2]; only the lower triangle is read.
        double[] x = FactorRanker.choleskySolve(new double[] {4, Double.NaN, 2, 3}, new double[] {2, 5}, 2);

        assertArrayEquals(new double[] {-0.5, 2}, x, 1e-12);
    }

    @Test
    void blocked_scoring_lists_exactly_what_a_row_by_row_dot_product_and_a_full_sort_list() {
        // More items than one scoring block and a dimension that is not a multiple of four, so every code path of
        // the block scorer runs; values from a few steps, so equal scores (ties) occur and their order counts.
        int dim = 13;
        int n = 2_500;
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        List<ItemId> ids = new java.util.ArrayList<>();
        float[] vectors = new float[n * dim];
        for (int i = 0; i < n; i++) {
            ids.add(item("i" + i));
            for (int d = 0; d < dim; d++) {
                vectors[i * dim + d] = (random.nextInt(7) - 3) * 0.25f + (i % 3 == 0 ? 0 : (float) random.nextDouble());
            }
        }
        float[] user = new float[dim];
        for (int d = 0; d < dim; d++) {
            user[d] = (float) (random.nextDouble() - 0.4);
        }
        // Most in stock (the best k lie above a threshold guessed from a sample), then only one item in 29 (too
        // few above it: the exact pass decides); a long list and a short one.
        List<Predicate<ItemId>> stocks = List.of(id -> Integer.parseInt(id.value().substring(1)) % 10 != 7,
                id -> Integer.parseInt(id.value().substring(1)) % 29 == 3);
        for (Predicate<ItemId> inStock : stocks) {
            FactorRanker ranker = ranker(new LearnedFactors(dim, ids, vectors, List.of("u"), user), inStock,
                    FactorRanker.Config.defaults());
            List<Integer> order = new java.util.ArrayList<>();
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                scores[i] = fourAccumulatorDot(vectors, i * dim, user, dim);
                if (inStock.test(ids.get(i))) {
                    order.add(i);
                }
            }
            order.sort((x, y) -> scores[x] != scores[y] ? Float.compare(scores[y], scores[x])
                    : Integer.compare(x, y));
            for (int k : new int[] {60, 5}) {
                List<ItemId> expected = order.subList(0, k).stream().map(ids::get).toList();
                assertEquals(expected, ranker.home("u", List.of(), k), "k " + k);
            }
        }
    }

    @Test
    void concurrent_requests_on_virtual_threads_get_the_lists_one_request_at_a_time_gets() throws Exception {
        // The working arrays come from a shared pool (FactorScratch): no two requests may see each other's.
        int dim = 8;
        int n = 3_000;
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        List<ItemId> ids = new java.util.ArrayList<>();
        float[] vectors = new float[n * dim];
        for (int i = 0; i < n; i++) {
            ids.add(item("i" + i));
            for (int d = 0; d < dim; d++) {
                vectors[i * dim + d] = (float) (random.nextDouble() - 0.5);
            }
        }
        FactorRanker ranker = ranker(new LearnedFactors(dim, ids, vectors, List.of(), new float[0]), id -> true,
                FactorRanker.Config.defaults());
        List<List<Interaction>> histories = new java.util.ArrayList<>();
        for (int h = 0; h < 64; h++) {
            histories.add(List.of(touch("i" + random.nextInt(n), EventType.VIEW, "2026-11-20T10:00:00Z"),
                    touch("i" + random.nextInt(n), EventType.ADD_TO_CART, "2026-11-21T10:00:00Z")));
        }
        List<List<ItemId>> alone = histories.stream().map(h -> ranker.home(h, 40)).toList();
        List<List<ItemId>> carts = histories.stream().map(h -> ranker.cart(List.of(h.get(0).item()), h, 40)).toList();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Boolean>> same = new java.util.ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (int h = 0; h < histories.size(); h++) {
                    int q = h;
                    same.add(threads.submit(() -> alone.get(q).equals(ranker.home(histories.get(q), 40))
                            && carts.get(q).equals(ranker.cart(List.of(histories.get(q).get(0).item()),
                            histories.get(q), 40))));
                }
            }
            for (java.util.concurrent.Future<Boolean> f : same) {
                assertTrue(f.get(), "a concurrent request got another list");
            }
        }
    }

    @Test
    void similar_is_the_exact_cosine_ranking_though_unit_vectors_are_not_stored() {
        int dim = 32;
        int n = 3_000;
        java.util.SplittableRandom random = new java.util.SplittableRandom(23);
        List<ItemId> ids = new java.util.ArrayList<>();
        float[] vectors = new float[n * dim];
        for (int i = 0; i < n; i++) {
            ids.add(item("i" + i));
            // Lengths vary a lot, so ranking by dot product would differ from ranking by cosine.
            double length = 0.1 + 3 * random.nextDouble();
            for (int d = 0; d < dim; d++) {
                vectors[i * dim + d] = (float) (length * random.nextGaussian());
            }
        }
        FactorRanker ranker = ranker(new LearnedFactors(dim, ids, vectors, List.of(), new float[0]), id -> true,
                FactorRanker.Config.defaults());
        for (int query : new int[] {0, 17, 2_999}) {
            double[] cosine = new double[n];
            for (int i = 0; i < n; i++) {
                double dot = 0;
                double a = 0;
                double b = 0;
                for (int d = 0; d < dim; d++) {
                    dot += (double) vectors[i * dim + d] * vectors[query * dim + d];
                    a += (double) vectors[i * dim + d] * vectors[i * dim + d];
                    b += (double) vectors[query * dim + d] * vectors[query * dim + d];
                }
                cosine[i] = dot / Math.sqrt(a * b);
            }
            List<ItemId> expected = java.util.stream.IntStream.range(0, n).filter(i -> i != query).boxed()
                    .sorted((x, y) -> Double.compare(cosine[y], cosine[x])).limit(20).map(ids::get).toList();
            assertEquals(expected, ranker.similar(ids.get(query), 20), "item " + query);
        }
    }

    /** The dot product as the ranker computed it row by row before scoring in blocks: four partial sums. */
    private static float fourAccumulatorDot(float[] vectors, int row, float[] query, int dim) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            s0 += vectors[row + d] * query[d];
            s1 += vectors[row + d + 1] * query[d + 1];
            s2 += vectors[row + d + 2] * query[d + 2];
            s3 += vectors[row + d + 3] * query[d + 3];
        }
        for (; d < dim; d++) {
            s0 += vectors[row + d] * query[d];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Test
    void the_simd_and_the_plain_block_scorer_compute_the_same_floats_and_tests_run_the_simd_one() {
        int dim = 13;
        int n = 1_000;
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        float[] rows = new float[n * dim];
        short[] panels = new short[BlockScorer.length(n, dim)];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                // Any 16-bit value, the extremes included, is the float it equals.
                short units = (short) random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
                rows[i * dim + d] = units;
                panels[BlockScorer.at(i, d, dim)] = units;
            }
        }
        float[] query = new float[dim];
        for (int d = 0; d < dim; d++) {
            query[d] = (float) random.nextDouble();
        }
        BlockScorer simd = BlockScorer.best();
        float[] plain = new float[BlockScorer.BLOCK + BlockScorer.PANEL];
        float[] vector = new float[BlockScorer.BLOCK + BlockScorer.PANEL];
        // A block starting at a later panel and ending in the padded last one.
        new BlockScorer.ScalarBlockScorer().score(panels, dim, query, 32, 968, plain);
        simd.score(panels, dim, query, 32, 968, vector);

        assertEquals("VectorBlockScorer", simd.getClass().getSimpleName());
        assertArrayEquals(java.util.Arrays.copyOf(plain, 968), java.util.Arrays.copyOf(vector, 968));
        for (int i : new int[] {32, 500, 999}) {
            assertEquals(fourAccumulatorDot(rows, i * dim, query, dim), vector[i - 32]);
        }
    }
}
