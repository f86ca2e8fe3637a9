package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", 2019): an item-to-item weight matrix
 * {@code B} learned in closed form, {@code B = I - P · diag(1 / diag(P))} with {@code P = (XᵀX + λI)⁻¹} over the
 * binary shopper × item matrix {@code X}, so that {@code X · B} reconstructs {@code X} with a zero diagonal. A
 * shopper's score for item j is {@code Σ_i x_i · B[i][j]} over the items i of their history.
 *
 * <p>The matrix is dense over the {@link #items()} it was learned on (the most active items, at most a few
 * thousand: {@code n²} floats), so it is a reference for the offline evaluation and a recipe for stores whose
 * demand sits in their head; items outside it are never scored and lists are filled from the bestsellers. The
 * inverse itself is not computed here: the training builds the Gram matrix
 * ({@code EaseGram}), a trainer inverts it.
 */
public final class EaseModel implements Ranker {
    private final String name;
    private final ItemId[] items;
    private final Positions<ItemId> index;
    private final float[] weights;
    private final Predicate<ItemId> inStock;
    private final PopularityRanker fallback;
    private final EventWeights eventWeights;

    /**
     * @param items   the items of the matrix, in its order
     * @param weights {@code B} row by row: {@code weights[i * n + j]} is how much an interaction with item i
     *                speaks for item j (the diagonal is zero)
     */
    public EaseModel(String name, List<ItemId> items, float[] weights, Predicate<ItemId> inStock,
                     PopularityRanker fallback, EventWeights eventWeights) {
        this.name = Objects.requireNonNull(name, "name");
        this.items = items.toArray(ItemId[]::new);
        int n = this.items.length;
        if (weights.length != (long) n * n) {
            throw new IllegalArgumentException("weights must hold " + n + " x " + n + " floats, not "
                    + weights.length);
        }
        this.index = Positions.of(this.items);
        this.weights = weights;
        this.inStock = Objects.requireNonNull(inStock, "inStock");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.eventWeights = Objects.requireNonNull(eventWeights, "eventWeights");
    }

    @Override
    public String name() {
        return name;
    }

    /** The items of the matrix, in its order. */
    public List<ItemId> items() {
        return List.of(items);
    }

    /**
     * Scores from every item of the history (each counted once, as in the binary matrix it was learned on; an item
     * whose only events carry no weight, such as a removal from the cart, does not count); items bought before are
     * left out.
     */
    @Override
    public List<ItemId> home(List<Interaction> history, int k) {
        return ranked(ItemModelRows.ofHistory(history, index, eventWeights), Interaction.bought(history), k);
    }

    /** Scores from the cart's items; none of them is returned. */
    @Override
    public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
        return ranked(ItemModelRows.of(cartItems, index), new HashSet<>(cartItems), k);
    }

    /** The item's own row: what a shopper who touched only this item would be shown. */
    @Override
    public List<ItemId> similar(ItemId item, int k) {
        int i = index.indexOf(item);
        return ranked(i < 0 ? Set.of() : Set.of(i), Set.of(item), k);
    }

    private List<ItemId> ranked(Set<Integer> rows, Set<ItemId> excluded, int k) {
        List<ItemId> list = new ArrayList<>(k);
        if (!rows.isEmpty() && k > 0) {
            int n = items.length;
            double[] scores = new double[n];
            int[] sorted = rows.stream().mapToInt(Integer::intValue).sorted().toArray();
            for (int row : sorted) {
                int base = row * n;
                for (int j = 0; j < n; j++) {
                    scores[j] += weights[base + j];
                }
            }
            // The best k admissible items: a min-heap on score (ties to the lower index) of what is kept so far.
            PriorityQueue<Integer> best = new PriorityQueue<>(k + 1, (a, b) -> scores[a] != scores[b]
                    ? Double.compare(scores[a], scores[b]) : Integer.compare(b, a));
            for (int j = 0; j < n; j++) {
                if (scores[j] <= 0.0 || best.size() == k && !better(scores, j, best.peek())) {
                    continue;
                }
                if (excluded.contains(items[j]) || !inStock.test(items[j])) {
                    continue;
                }
                best.add(j);
                if (best.size() > k) {
                    best.poll();
                }
            }
            Integer[] top = best.toArray(Integer[]::new);
            Arrays.sort(top, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a])
                    : Integer.compare(a, b));
            for (int j : top) {
                list.add(items[j]);
            }
        }
        return fallback.fill(list, excluded, k);
    }

    /**
     * A copy of the {@code n × n} {@code weights} keeping only each row's {@code k} largest positive weights
     * (ties to the lower column), the rest zero: what a sparse form of the matrix would serve.
     */
    public static float[] strongest(float[] weights, int n, int k) {
        float[] kept = new float[weights.length];
        Integer[] columns = new Integer[n];
        for (int row = 0; row < n; row++) {
            int base = row * n;
            for (int j = 0; j < n; j++) {
                columns[j] = j;
            }
            Arrays.sort(columns, (a, b) -> weights[base + a] != weights[base + b]
                    ? Float.compare(weights[base + b], weights[base + a]) : Integer.compare(a, b));
            for (int r = 0; r < Math.min(k, n) && weights[base + columns[r]] > 0f; r++) {
                kept[base + columns[r]] = weights[base + columns[r]];
            }
        }
        return kept;
    }

    private static boolean better(double[] scores, int j, int than) {
        return scores[j] > scores[than] || scores[j] == scores[than] && j < than;
    }
}
