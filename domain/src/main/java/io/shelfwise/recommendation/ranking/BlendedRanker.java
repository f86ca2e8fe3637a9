package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two rankers in one: weighted reciprocal-rank fusion (Cormack, Clarke and Büttcher 2009) of their lists. Each
 * ranker is asked for its {@code depth} best items; an item at rank {@code r} (from 1) of the first list earns
 * {@code w / (offset + r)}, of the second {@code (1 - w) / (offset + r)}, and the blend lists items by the sum,
 * ties going to the first ranker's order and then the second's. Fusing ranks rather than scores needs nothing from
 * either ranker but its lists, so any two can be blended (co-occurrence, whose scores are graph similarities, with
 * a factor model, whose scores are dot products). The weight is set per surface: {@code w = 1} is the first ranker
 * alone, {@code w = 0} the second.
 */
public final class BlendedRanker implements Ranker {
    private final String name;
    private final Ranker first;
    private final Ranker second;
    private final Weights weights;
    private final int depth;
    private final int homeDepth;
    private final double offset;

    /**
     * @param depth  how many items each ranker is asked for; at least the {@code k} of any query
     * @param offset added to each rank; small values favour the top of each list, 60 is the usual RRF constant
     */
    public BlendedRanker(String name, Ranker first, Ranker second, Weights weights, int depth, double offset) {
        this(name, first, second, weights, depth, depth, offset);
    }

    /** As above, with each ranker asked for {@code homeDepth} items on home (and {@code depth} elsewhere). */
    public BlendedRanker(String name, Ranker first, Ranker second, Weights weights, int depth, int homeDepth,
                         double offset) {
        this.name = Objects.requireNonNull(name, "name");
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
        this.weights = Objects.requireNonNull(weights, "weights");
        if (depth < 1 || homeDepth < 1) {
            throw new IllegalArgumentException("depth must be at least 1");
        }
        if (!(offset >= 0) || Double.isInfinite(offset)) {
            throw new IllegalArgumentException("offset must be finite and >= 0");
        }
        this.depth = depth;
        this.homeDepth = homeDepth;
        this.offset = offset;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ItemId> home(List<Interaction> history, int k) {
        int n = Math.max(homeDepth, k);
        return fuse(weights.home(), k, first.home(history, n), second.home(history, n));
    }

    @Override
    public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
        int n = Math.max(depth, k);
        return fuse(weights.cart(), k, first.cart(cartItems, history, n), second.cart(cartItems, history, n));
    }

    @Override
    public List<ItemId> similar(ItemId item, int k) {
        int n = Math.max(depth, k);
        return fuse(weights.similar(), k, first.similar(item, n), second.similar(item, n));
    }

    /** The fused list of {@code a} (weight {@code w}) and {@code b} (weight {@code 1 - w}), at most {@code k} long. */
    List<ItemId> fuse(double w, int k, List<ItemId> a, List<ItemId> b) {
        if (w >= 1.0) {
            return new ArrayList<>(a.subList(0, Math.min(k, a.size())));
        }
        if (w <= 0.0) {
            return new ArrayList<>(b.subList(0, Math.min(k, b.size())));
        }
        // Items in first-seen order (a's, then b's new ones), which breaks ties: the sort below is stable. Plain
        // arrays and an open-addressing table instead of a HashMap and boxed indices: this runs on every request.
        Fusion fusion = new Fusion(a.size() + b.size());
        fusion.add(a, w, offset, 1);
        fusion.add(b, 1 - w, offset, 2);
        return fusion.top(k);
    }

    /** The items of two lists, their summed reciprocal-rank scores, and the best of them in stable order. */
    private static final class Fusion {
        private final ItemId[] items;
        private final double[] scores;
        /** Per slot, the last list that counted it (an item counts once per list, at its first place there). */
        private final int[] countedBy;
        /** Open addressing over the items' hashes: slot + 1, 0 for empty. */
        private final int[] table;
        private int size;

        Fusion(int capacity) {
            items = new ItemId[capacity];
            scores = new double[capacity];
            countedBy = new int[capacity];
            table = new int[Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2];
        }

        void add(List<ItemId> list, double weight, double offset, int listId) {
            int mask = table.length - 1;
            for (int r = 0; r < list.size(); r++) {
                ItemId item = list.get(r);
                int h = item.hashCode();
                int probe = (h ^ (h >>> 16)) & mask;
                int at;
                while (true) {
                    int entry = table[probe];
                    if (entry == 0) {
                        at = size++;
                        items[at] = item;
                        table[probe] = at + 1;
                        break;
                    }
                    if (items[entry - 1].equals(item)) {
                        at = entry - 1;
                        break;
                    }
                    probe = (probe + 1) & mask;
                }
                if (countedBy[at] == listId) {
                    continue;
                }
                countedBy[at] = listId;
                scores[at] += weight / (offset + r + 1);
            }
        }

        /** The k best by score, ties in first-seen order (a stable binary insertion sort of the slots). */
        List<ItemId> top(int k) {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                double score = scores[i];
                // After every earlier slot whose score is at least this one's: stable.
                int lo = 0;
                int hi = i;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (scores[order[mid]] >= score) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                System.arraycopy(order, lo, order, lo + 1, i - lo);
                order[lo] = i;
            }
            List<ItemId> list = new ArrayList<>(Math.min(k, size));
            for (int i = 0; i < size && list.size() < k; i++) {
                list.add(items[order[i]]);
            }
            return list;
        }
    }

    /** The first ranker's weight on each surface, each in [0, 1]. */
    public record Weights(double home, double cart, double similar) {
        public Weights {
            for (double w : new double[] {home, cart, similar}) {
                if (!(w >= 0.0 && w <= 1.0)) {
                    throw new IllegalArgumentException("blend weights must be in [0, 1]");
                }
            }
        }

        public static Weights all(double w) {
            return new Weights(w, w, w);
        }
    }
}
