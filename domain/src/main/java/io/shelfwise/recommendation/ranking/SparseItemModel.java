package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The servable form of an EASE item model ({@link EaseModel}): each item keeps only its {@code keep} strongest
 * positive weights towards other items, so a tenant holds {@code items × keep} weights instead of {@code items²}
 * (6,000 items keeping 50: 2.4 MB instead of 144 MB) and a request adds {@code keep} weights per item of the
 * shopper's history. On the generated stores keeping 50 lost 0.4–4 % of the dense model's home Recall@20 alone,
 * and nothing measurable blended with co-occurrence as it serves (README, "Recommendation quality").
 *
 * <p>Row {@code i} (an item of {@link #items()}) holds {@code columns[rowStart[i] .. rowStart[i + 1])} with their
 * {@code weights}, strongest first.
 *
 * <p>Weights are held in 16 bits: each row's as signed multiples of its own step, the row's largest magnitude over
 * 32,767, so a weight is within half a step (1 / 65,534 of the row's largest) of what it was given. That halves
 * their memory (a pooled process holds this model for each of its tenants) and left every offline figure within
 * noise (README, "Density over HTTP"); {@link #weights()} returns the held values.
 */
public final class SparseItemModel {
    private final List<ItemId> items;
    private final int[] rowStart;
    /** The columns, in 16 bits where the model has at most 65,536 items. */
    private final Sixteen.Indexes columns;
    /** Each weight as a multiple of its row's {@link #steps step}. */
    private final ShortBuffer weights;
    /** Per row, the value of one unit of {@link #weights}. */
    private final float[] steps;

    public SparseItemModel(List<ItemId> items, int[] rowStart, int[] columns, float[] weights) {
        this.items = List.copyOf(items);
        int n = this.items.size();
        if (rowStart.length != n + 1 || rowStart[0] != 0 || rowStart[n] != columns.length
                || columns.length != weights.length) {
            throw new IllegalArgumentException("rowStart must hold items + 1 offsets from 0 to the number of weights");
        }
        for (int i = 0; i < n; i++) {
            if (rowStart[i] > rowStart[i + 1]) {
                throw new IllegalArgumentException("rowStart must not decrease");
            }
        }
        for (int column : columns) {
            if (column < 0 || column >= n) {
                throw new IllegalArgumentException("column " + column + " is not an item of the model");
            }
        }
        for (float weight : weights) {
            if (!Float.isFinite(weight)) {
                throw new IllegalArgumentException("weights must be finite");
            }
        }
        if (new java.util.HashSet<>(this.items).size() != n) {
            throw new IllegalArgumentException("items must be distinct");
        }
        this.rowStart = rowStart.clone();
        this.columns = Sixteen.Indexes.copyOf(columns, n);
        this.steps = Sixteen.rowSteps(weights, rowStart, Short.MAX_VALUE);
        short[] units = new short[weights.length];
        for (int row = 0; row < n; row++) {
            for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
                units[p] = (short) Sixteen.units(weights[p], steps[row], -Short.MAX_VALUE, Short.MAX_VALUE);
            }
        }
        this.weights = ShortBuffer.wrap(units);
    }

    private SparseItemModel(List<ItemId> items, SparseItemModel same, Sixteen.Indexes columns, ShortBuffer weights) {
        this.items = items;
        this.rowStart = same.rowStart;
        this.columns = columns;
        this.weights = weights;
        this.steps = same.steps;
    }

    /** The same model with its columns and weights held in {@code memory}. */
    public SparseItemModel movedTo(ModelMemory memory) {
        return memory == ModelMemory.HEAP ? this : new SparseItemModel(items, this, columns.movedTo(memory),
                memory.shorts(Sixteen.toShorts(weights)));
    }

    /**
     * The same model holding {@code sameIds} of its items (equal ids, other instances: the catalog's), sharing its
     * arrays; serving maps each loaded model this way, with no copy of its weights nor checks again.
     */
    public SparseItemModel withIds(java.util.function.UnaryOperator<ItemId> sameIds) {
        List<ItemId> mapped = new ArrayList<>(items.size());
        for (ItemId item : items) {
            ItemId same = sameIds.apply(item);
            if (!item.equals(same)) {
                throw new IllegalArgumentException("id " + item + " was mapped to another id, " + same);
            }
            mapped.add(same);
        }
        return new SparseItemModel(List.copyOf(mapped), this, columns, weights);
    }

    /**
     * From the dense {@code n × n} weights (row by row, as {@code EaseModel} takes them): each row's {@code keep}
     * largest positive weights, ties to the lower column.
     */
    public static SparseItemModel strongest(List<ItemId> items, float[] dense, int keep) {
        int n = items.size();
        if (dense.length != (long) n * n) {
            throw new IllegalArgumentException("weights must hold " + n + " x " + n + " floats, not " + dense.length);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        int perRow = Math.min(keep, n);
        int[] rowStart = new int[n + 1];
        int[] columns = new int[n * perRow];
        float[] weights = new float[n * perRow];
        int[] heap = new int[perRow];
        int filled = 0;
        for (int row = 0; row < n; row++) {
            int base = row * n;
            // A min-heap of the strongest so far: the root is the weakest kept.
            int count = 0;
            for (int j = 0; j < n; j++) {
                if (!(dense[base + j] > 0f) || count == perRow && !stronger(dense, base, j, heap[0])) {
                    continue;
                }
                if (count < perRow) {
                    heap[count] = j;
                    siftUp(dense, base, heap, count++);
                } else {
                    heap[0] = j;
                    siftDown(dense, base, heap, count);
                }
            }
            for (int last = count - 1; last >= 0; last--) {
                columns[filled + last] = heap[0];
                weights[filled + last] = dense[base + heap[0]];
                heap[0] = heap[last];
                siftDown(dense, base, heap, last);
            }
            filled += count;
            rowStart[row + 1] = filled;
        }
        return new SparseItemModel(items, rowStart, Arrays.copyOf(columns, filled), Arrays.copyOf(weights, filled));
    }

    private static boolean stronger(float[] dense, int base, int x, int y) {
        return dense[base + x] > dense[base + y] || dense[base + x] == dense[base + y] && x < y;
    }

    private static void siftUp(float[] dense, int base, int[] heap, int at) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!stronger(dense, base, heap[parent], heap[at])) {
                return;
            }
            swap(heap, at, parent);
            at = parent;
        }
    }

    private static void siftDown(float[] dense, int base, int[] heap, int count) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1;
            int weakest = at;
            if (left < count && stronger(dense, base, heap[weakest], heap[left])) {
                weakest = left;
            }
            if (left + 1 < count && stronger(dense, base, heap[weakest], heap[left + 1])) {
                weakest = left + 1;
            }
            if (weakest == at) {
                return;
            }
            swap(heap, at, weakest);
            at = weakest;
        }
    }

    private static void swap(int[] heap, int x, int y) {
        int item = heap[x];
        heap[x] = heap[y];
        heap[y] = item;
    }

    /** The items of the model, in row order. */
    public List<ItemId> items() {
        return items;
    }

    /** Where each row starts in {@link #columns()}, and the end of the last one. */
    public int[] rowStart() {
        return rowStart.clone();
    }

    public int[] columns() {
        return columns.toArray();
    }

    /** The weights as held (see the class comment), row by row. */
    public float[] weights() {
        float[] values = new float[weights.capacity()];
        for (int row = 0; row < steps.length; row++) {
            for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
                values[p] = weights.get(p) * steps[row];
            }
        }
        return values;
    }

    /** The weights kept in all. */
    public int size() {
        return weights.capacity();
    }

    /**
     * What holding it costs, estimated: the weights and their columns, and per item its row start, step, and slots
     * in the id array and position table (serving holds the catalog's ids, so an id itself costs nothing more while the catalog holds
     * the same instances; a reloaded catalog has its own).
     */
    public long bytes() {
        return columns.heapBytes() + ModelMemory.heapBytes(weights, 2) + 8L * rowStart.length + 16L * items.size();
    }

    /** Ranks with these weights; {@code fallback} fills what the history does not speak for. */
    public Ranker ranker(String name, Predicate<ItemId> inStock, PopularityRanker fallback, EventWeights eventWeights) {
        return new Scorer(name, inStock, fallback, eventWeights);
    }

    private final class Scorer implements Ranker {
        private final String name;
        private final ItemId[] byIndex = items.toArray(ItemId[]::new);
        private final Positions<ItemId> index = Positions.of(byIndex);
        private final Predicate<ItemId> inStock;
        private final PopularityRanker fallback;
        private final EventWeights eventWeights;

        Scorer(String name, Predicate<ItemId> inStock, PopularityRanker fallback, EventWeights eventWeights) {
            this.name = Objects.requireNonNull(name, "name");
            this.inStock = Objects.requireNonNull(inStock, "inStock");
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            this.eventWeights = Objects.requireNonNull(eventWeights, "eventWeights");
        }

        @Override
        public String name() {
            return name;
        }

        /**
         * Each item of the history counts once, as in the binary matrix EASE learns from (an item whose only events
         * carry no weight, such as a removal from the cart, does not count); items bought before are left out.
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

        /** The item's own row. */
        @Override
        public List<ItemId> similar(ItemId item, int k) {
            int i = index.indexOf(item);
            return ranked(i < 0 ? Set.of() : Set.of(i), Set.of(item), k);
        }

        private List<ItemId> ranked(Set<Integer> rows, Set<ItemId> excluded, int k) {
            List<ItemId> list = new ArrayList<>(Math.max(k, 0));
            if (!rows.isEmpty() && k > 0) {
                // Rows in index order, so that a score's sum does not depend on the order of the history.
                int[] sorted = rows.stream().mapToInt(Integer::intValue).sorted().toArray();
                try (ScoreBuffer scores = ScoreBuffer.take(byIndex.length)) {
                    for (int row : sorted) {
                        float step = steps[row];
                        for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
                            scores.add(columns.get(p), weights.get(p) * step);
                        }
                    }
                    list = scores.top(j -> !excluded.contains(byIndex[j]) && inStock.test(byIndex[j]), byIndex, k);
                }
            }
            return fallback.fill(list, excluded, k);
        }
    }
}
