package io.shelfwise.recommendation.ranking;

import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Each item's nearest neighbours by session co-occurrence, in compressed rows of primitives: 4 bytes per kept
 * neighbour while there are at most 65,536 items, whose indexes fit 16 bits, 6 bytes beyond. Similarities are held
 * in 16 bits as multiples of their row's step (the row's largest over 65,535), so each is within half a step of
 * its value (README, "Density over HTTP").
 *
 * <p>Every session is a vector over items whose entry for item i is {@code w(s, i)}, the largest weight of an event
 * of session s on i. With {@code C(i, j) = Σ_s w(s, i) · w(s, j)} and {@code N(i) = Σ_s w(s, i)²}, the similarity
 * of j as a neighbour of i is the asymmetric cosine {@code sim(i → j) = C(i, j) / (N(i)^α · N(j)^(1-α))}:
 * α = 0.5 is the cosine between the items' columns, α = 1 the weighted share of i's sessions that also hold j
 * (a conditional probability, which favours popular neighbours). Dividing by N(i)^α keeps the neighbours of a
 * popular item and of a rare one on one scale, so their scores can be summed over a cart or a history.
 */
final class ItemGraph {
    private final int[] offsets;
    /** The neighbours' indexes, in 16 bits where there are at most 65,536 items. */
    private final Sixteen.Indexes neighbours;
    /** Each similarity as an unsigned multiple of its row's {@link #steps step}. */
    private final CharBuffer similarities;
    /** Per item, the value of one unit of {@link #similarities}. */
    private final float[] steps;

    private ItemGraph(int[] offsets, int[] neighbours, float[] similarities) {
        this.offsets = offsets;
        int n = offsets.length - 1;
        this.neighbours = new Sixteen.Indexes(neighbours, n);
        // Similarities are never negative: unsigned units.
        this.steps = Sixteen.rowSteps(similarities, offsets, Character.MAX_VALUE);
        char[] units = new char[similarities.length];
        for (int item = 0; item < n; item++) {
            for (int p = offsets[item]; p < offsets[item + 1]; p++) {
                units[p] = (char) Sixteen.units(similarities[p], steps[item], 0, Character.MAX_VALUE);
            }
        }
        this.similarities = CharBuffer.wrap(units);
    }

    private ItemGraph(ItemGraph same, ModelMemory memory) {
        this.offsets = same.offsets;
        this.steps = same.steps;
        this.neighbours = same.neighbours.movedTo(memory);
        this.similarities = memory.chars(Sixteen.toChars(same.similarities));
    }

    /** The same graph with its neighbours and similarities held in {@code memory}. */
    ItemGraph movedTo(ModelMemory memory) {
        return memory == ModelMemory.HEAP ? this : new ItemGraph(this, memory);
    }

    /**
     * Builds the graph of {@code itemCount} indexed items from sessions given as the item indexes and weights of
     * each session's distinct items (weights > 0). Sessions over {@code maxSessionItems} items keep their most
     * weighted ones, since a crawler's or a list-scrolling session says little about any single pair and costs
     * quadratic time. Each item keeps its {@code maxNeighbours} most similar items.
     */
    static ItemGraph build(int itemCount, List<WeightedSession> sessions, int maxSessionItems, int maxNeighbours,
                           double alpha) {
        double[] norms = new double[itemCount];
        long pairEstimate = 0;
        for (WeightedSession s : sessions) {
            long n = Math.min(s.items().length, maxSessionItems);
            pairEstimate += n * (n - 1) / 2;
        }
        PairWeights pairs = new PairWeights((int) Math.min(1 << 26, Math.max(16, pairEstimate / 2)));
        for (WeightedSession s : sessions) {
            WeightedSession kept = s.strongest(maxSessionItems);
            int[] items = kept.items();
            double[] weights = kept.weights();
            for (int a = 0; a < items.length; a++) {
                norms[items[a]] += weights[a] * weights[a];
                for (int b = a + 1; b < items.length; b++) {
                    pairs.add(items[a], items[b], weights[a] * weights[b]);
                }
            }
        }
        int[] degree = new int[itemCount + 1];
        pairs.forEach((low, high, weight) -> {
            degree[low]++;
            degree[high]++;
        });
        int[] start = new int[itemCount + 1];
        for (int i = 0; i < itemCount; i++) {
            start[i + 1] = start[i] + degree[i];
        }
        // Similarity bits above the neighbour index: for non-negative floats the bit pattern orders like the value,
        // so sorting the longs sorts neighbours by similarity, ties by index.
        long[] packed = new long[start[itemCount]];
        int[] fill = Arrays.copyOf(start, itemCount);
        pairs.forEach((low, high, weight) -> {
            packed[fill[low]++] = (long) Float.floatToIntBits(similarity(weight, norms[low], norms[high], alpha)) << 32
                    | high;
            packed[fill[high]++] = (long) Float.floatToIntBits(similarity(weight, norms[high], norms[low], alpha)) << 32
                    | low;
        });
        int[] offsets = new int[itemCount + 1];
        for (int i = 0; i < itemCount; i++) {
            offsets[i + 1] = offsets[i] + Math.min(maxNeighbours, degree[i]);
        }
        int[] neighbours = new int[offsets[itemCount]];
        float[] similarities = new float[offsets[itemCount]];
        for (int i = 0; i < itemCount; i++) {
            Arrays.sort(packed, start[i], start[i + 1]);
            int out = offsets[i];
            // Best first: walk the sorted row backwards; equal similarities come out lowest index first.
            for (int from = start[i + 1] - 1; from >= start[i] && out < offsets[i + 1]; from--) {
                int sameFrom = from;
                float sim = Float.intBitsToFloat((int) (packed[from] >>> 32));
                while (sameFrom > start[i] && (packed[sameFrom - 1] >>> 32) == (packed[from] >>> 32)) {
                    sameFrom--;
                }
                for (int t = sameFrom; t <= from && out < offsets[i + 1]; t++) {
                    neighbours[out] = (int) packed[t];
                    similarities[out] = sim;
                    out++;
                }
                from = sameFrom;
            }
        }
        return new ItemGraph(offsets, neighbours, similarities);
    }

    /** Similarity of {@code to} as a neighbour of {@code from}: C / (N(from)^α · N(to)^(1-α)). */
    private static float similarity(double together, double normFrom, double normTo, double alpha) {
        return (float) (together / (Math.pow(normFrom, alpha) * Math.pow(normTo, 1.0 - alpha)));
    }

    /** What it holds on the heap, in bytes: its arrays (offsets and steps, neighbours and similarities). */
    long bytes() {
        return 4L * offsets.length + 4L * steps.length + neighbours.heapBytes()
                + ModelMemory.heapBytes(similarities, 2);
    }

    int neighbourCount(int item) {
        return offsets[item + 1] - offsets[item];
    }

    /** The index of the item's {@code n}-th nearest neighbour, 0 being the nearest. */
    int neighbour(int item, int n) {
        return neighbours.get(offsets[item] + n);
    }

    float similarity(int item, int n) {
        return similarities.get(offsets[item] + n) * steps[item];
    }

    /** One session's distinct items, by index, with the weight of each. */
    record WeightedSession(int[] items, double[] weights) {
        WeightedSession strongest(int max) {
            if (items.length <= max) {
                return this;
            }
            Integer[] order = new Integer[items.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // Stable sort: among equal weights the session's earlier items stay.
            Arrays.sort(order, (x, y) -> Double.compare(weights[y], weights[x]));
            int[] keptItems = new int[max];
            double[] keptWeights = new double[max];
            for (int i = 0; i < max; i++) {
                keptItems[i] = items[order[i]];
                keptWeights[i] = weights[order[i]];
            }
            return new WeightedSession(keptItems, keptWeights);
        }
    }
}
