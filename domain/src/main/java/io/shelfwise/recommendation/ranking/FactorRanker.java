package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.nio.ShortBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A {@link Ranker} over the vectors of a factor model ({@link LearnedFactors}, e.g. implicit ALS):
 * <ul>
 *   <li><b>home</b>: items by their dot product with the shopper's vector. {@link #home(String, List, int)} uses the
 *       learned vector of a shopper seen in training; {@link #home(List, int)}, which the evaluation calls, folds the
 *       vector in from the history: it solves the same weighted least-squares problem that implicit ALS solves for
 *       a user with the item vectors fixed, {@code (Y'Y + sum_i a w_i y_i y_i' + lambda sum_i (1 + a w_i) I) x =
 *       sum_i (1 + a w_i) y_i}, where {@code w_i} is the summed event weight of history item {@code i}, {@code a}
 *       the confidence scale and {@code lambda} the weighted-lambda penalty. For a trained shopper it gives back
 *       (up to the solver's last steps) the learned vector; for anyone else, and for events newer than the model,
 *       it adds them without retraining. Items the shopper bought are left out.</li>
 *   <li><b>similar</b>: items by cosine of their vectors with the item shown.</li>
 *   <li><b>cart</b>: by {@link Config#cartScoring()}, items by the sum of their cosines with the cart's items, or
 *       by their dot product with the vector folded in from the history plus the cart.</li>
 * </ul>
 * Lists the vectors cannot fill (no known item in the history, cart or page) are filled by popularity; out-of-stock
 * items never appear (stock as the predicate said when the ranker was built), and equal scores go to the item listed
 * first in the factors.
 */
public final class FactorRanker implements Ranker {
    /** Scores items a block at a time: SIMD where the JVM offers the Vector API. */
    private static final BlockScorer SCORER = BlockScorer.best();
    private final String name;
    private final Config config;
    private final int dim;
    private final ItemId[] items;
    private final Positions<ItemId> itemIndex;
    /**
     * The item vectors in panels ({@link BlockScorer#at}), the layout {@link #top} scores from; the only copy the
     * ranker keeps (the fold-in reads a history item's few values from it too). Each value is held in 16 bits as a
     * multiple of its dimension's {@link #steps step} (the dimension's largest magnitude over 32,767), so it is
     * within half a step of the trained value, and every item's score against a query is off by the same small
     * amount at most: half the memory of floats, for a pooled process holding a model per tenant.
     */
    private final ShortBuffer itemColumns;
    /** {@link #itemColumns}' array where they are held on the heap (scored in place), else null (copied to score). */
    private final short[] heapColumns;
    /** Per dimension, the value of one unit of {@link #itemColumns}. */
    private final float[] steps;
    /**
     * One over each item vector's length: cosine scores (cart, similar) are the dot products with
     * {@link #itemColumns} scaled by it, so the unit vectors need no third copy of the vectors.
     */
    private final double[] inverseNorms;
    private final Positions<String> userIndex;
    private final float[] userVectors;
    private final double[] gram;
    /** Which items {@code inStock} admitted when the ranker was built. */
    private final Stock stock;
    private final PopularityRanker fallback;

    public FactorRanker(String name, LearnedFactors factors, Predicate<ItemId> inStock, PopularityRanker fallback,
                        Config config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(inStock, "inStock");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.dim = factors.dim();
        this.items = factors.items().toArray(ItemId[]::new);
        float[] itemVectors = factors.itemVectors();
        this.userVectors = factors.userVectors();
        this.itemIndex = Positions.of(items);
        this.userIndex = Positions.of(factors.users().toArray(String[]::new));
        this.stock = Stock.of(items, inStock);
        short[] columns = new short[BlockScorer.length(items.length, dim)];
        this.steps = new float[dim];
        this.inverseNorms = new double[items.length];
        this.gram = new double[dim * dim];
        int n = items.length;
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                steps[d] = Math.max(steps[d], Math.abs(itemVectors[i * dim + d]));
            }
        }
        for (int d = 0; d < dim; d++) {
            steps[d] /= Short.MAX_VALUE;
        }
        // The norms and the Gram matrix of the values as held, so that every use of the vectors agrees.
        float[] held = new float[dim];
        for (int i = 0; i < n; i++) {
            int row = i * dim;
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                short units = (short) Sixteen.units(itemVectors[row + d], steps[d], -Short.MAX_VALUE,
                        Short.MAX_VALUE);
                columns[BlockScorer.at(i, d, dim)] = units;
                held[d] = units * steps[d];
                norm += (double) held[d] * held[d];
            }
            inverseNorms[i] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int d = 0; d < dim; d++) {
                for (int e = d; e < dim; e++) {
                    gram[d * dim + e] += (double) held[d] * held[e];
                }
            }
        }
        for (int d = 0; d < dim; d++) {
            for (int e = 0; e < d; e++) {
                gram[d * dim + e] = gram[e * dim + d];
            }
        }
        this.itemColumns = ShortBuffer.wrap(columns);
        this.heapColumns = columns;
    }

    private FactorRanker(FactorRanker same, ShortBuffer columns) {
        this.name = same.name;
        this.config = same.config;
        this.dim = same.dim;
        this.items = same.items;
        this.itemIndex = same.itemIndex;
        this.itemColumns = columns;
        // Scored in place only where the buffer is its whole array; any other buffer is copied a block at a time.
        this.heapColumns = columns.hasArray() && columns.arrayOffset() == 0
                && columns.array().length == columns.capacity() ? columns.array() : null;
        this.steps = same.steps;
        this.inverseNorms = same.inverseNorms;
        this.userIndex = same.userIndex;
        this.userVectors = same.userVectors;
        this.gram = same.gram;
        this.stock = same.stock;
        this.fallback = same.fallback;
    }

    /** The same ranker with its panels held in {@code memory}: it scores a block at a time from a copy then. */
    public FactorRanker movedTo(ModelMemory memory) {
        return memory == ModelMemory.HEAP ? this
                : new FactorRanker(this, memory.shorts(Sixteen.toShorts(itemColumns)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ItemId> home(List<Interaction> history, int k) {
        return homeFrom(foldIn(history), history, k);
    }

    /** Home for {@code shopper}: their learned vector if training saw them with feedback, else the fold-in. */
    public List<ItemId> home(String shopper, List<Interaction> history, int k) {
        float[] learned = learnedVector(shopper);
        return homeFrom(learned != null ? learned : foldIn(history), history, k);
    }

    private List<ItemId> homeFrom(float[] user, List<Interaction> history, int k) {
        Set<ItemId> bought = Interaction.bought(history);
        List<ItemId> list = user == null ? new ArrayList<>(k) : top(user, bought, k);
        return fallback.fill(list, bought, k);
    }

    @Override
    public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
        Set<ItemId> excluded = new HashSet<>(cartItems);
        if (config.cartScoring() == CartScoring.FOLD_IN) {
            float[] basket = foldIn(basketHistory(cartItems, history));
            List<ItemId> list = basket == null ? new ArrayList<>(k) : top(basket, excluded, k);
            return fallback.fill(list, excluded, k);
        }
        float[] query = new float[dim];
        boolean known = false;
        for (ItemId item : excluded) {
            int i = itemIndex.indexOf(item);
            if (i >= 0) {
                known = true;
                for (int d = 0; d < dim; d++) {
                    query[d] += unit(i, d);
                }
            }
        }
        List<ItemId> list = known ? top(inverseNorms, query, excluded, k) : new ArrayList<>(k);
        return fallback.fill(list, excluded, k);
    }

    /** The shopper's history followed by the cart's items as the latest add-to-cart events. */
    private static List<Interaction> basketHistory(List<ItemId> cartItems, List<Interaction> history) {
        List<Interaction> basket = new ArrayList<>(history.size() + cartItems.size());
        basket.addAll(history);
        Instant now = history.isEmpty() ? Instant.EPOCH : history.getLast().at();
        for (ItemId item : cartItems) {
            basket.add(new Interaction(item, EventType.ADD_TO_CART, now));
        }
        return basket;
    }

    @Override
    public List<ItemId> similar(ItemId item, int k) {
        int i = itemIndex.indexOf(item);
        Set<ItemId> excluded = Set.of(item);
        List<ItemId> list = new ArrayList<>(k);
        if (i >= 0) {
            float[] query = new float[dim];
            for (int d = 0; d < dim; d++) {
                query[d] = unit(i, d);
            }
            list = top(inverseNorms, query, excluded, k);
        }
        return fallback.fill(list, excluded, k);
    }

    /** The instance of {@code id} this ranker holds, or {@code id} itself when the model has no such item. */
    public ItemId same(ItemId id) {
        int i = itemIndex.indexOf(id);
        return i < 0 ? id : items[i];
    }

    /** The positions of {@code wanted} among the model's items, in order, leaving out those it does not hold. */
    public int[] positions(List<ItemId> wanted) {
        return wanted.stream().mapToInt(itemIndex::indexOf).filter(i -> i >= 0).toArray();
    }

    /** The dot product of {@code user} with the vector of the item at {@code position}, summed in double. */
    public double dot(float[] user, int position) {
        double dot = 0;
        for (int d = 0; d < dim; d++) {
            dot += user[d] * value(position, d);
        }
        return dot;
    }

    /** The learned vector of {@code shopper}, or null when training did not see them (or saw no feedback). */
    public float[] learnedVector(String shopper) {
        int u = userIndex.indexOf(shopper);
        if (u < 0) {
            return null;
        }
        float[] vector = new float[dim];
        System.arraycopy(userVectors, u * dim, vector, 0, dim);
        for (float v : vector) {
            if (v != 0f) {
                return vector;
            }
        }
        return null;
    }

    /**
     * The shopper vector that best explains {@code history} given the item vectors (see the class comment), or null
     * when no item of the history has a vector. With {@link Config#recentItems()} only the most recent distinct
     * items count, each weighted by {@link Config#recencyDecay()} per step back.
     */
    public float[] foldIn(List<Interaction> history) {
        Map<ItemId, Double> weights = recentWeights(history);
        try (FactorScratch scratch = FactorScratch.take()) {
            return foldIn(weights, scratch.matrix(gram.length));
        }
    }

    /** The fold-in of {@code weights}, with {@code a} (at least as long as the Gram matrix) to work in. */
    private float[] foldIn(Map<ItemId, Double> weights, double[] a) {
        System.arraycopy(gram, 0, a, 0, gram.length);
        double[] b = new double[dim];
        double confidence = 0;
        boolean known = false;
        for (Map.Entry<ItemId, Double> entry : weights.entrySet()) {
            int i = itemIndex.indexOf(entry.getKey());
            if (i < 0) {
                continue;
            }
            known = true;
            double extra = config.confidenceScale() * entry.getValue();
            confidence += 1 + extra;
            // Value d of the item lies at base + d * PANEL of its panel.
            int base = BlockScorer.at(i, 0, dim);
            for (int d = 0; d < dim; d++) {
                double yd = itemColumns.get(base + d * BlockScorer.PANEL) * steps[d];
                b[d] += (1 + extra) * yd;
                for (int e = 0; e <= d; e++) {
                    a[d * dim + e] += extra * yd * (itemColumns.get(base + e * BlockScorer.PANEL) * steps[e]);
                }
            }
        }
        if (!known) {
            return null;
        }
        for (int d = 0; d < dim; d++) {
            a[d * dim + d] += config.regularization() * confidence;
        }
        double[] x = choleskySolve(a, b, dim);
        float[] vector = new float[dim];
        for (int d = 0; d < dim; d++) {
            vector[d] = (float) x[d];
        }
        return vector;
    }

    private Map<ItemId, Double> recentWeights(List<Interaction> history) {
        Map<ItemId, Double> summed = new HashMap<>();
        Map<ItemId, Integer> stepBack = new HashMap<>();
        for (int h = history.size() - 1; h >= 0; h--) {
            Interaction i = history.get(h);
            double weight = config.weights().of(i.type());
            if (weight <= 0.0) {
                continue;
            }
            Integer step = stepBack.get(i.item());
            if (step == null) {
                if (config.recentItems() > 0 && stepBack.size() >= config.recentItems()) {
                    continue;
                }
                step = stepBack.size();
                stepBack.put(i.item(), step);
            }
            summed.merge(i.item(), weight * Math.pow(config.recencyDecay(), step), Double::sum);
        }
        return summed;
    }

    /**
     * Solves {@code a x = b} for a symmetric positive definite {@code a} of which only the lower triangle (row-major,
     * {@code n} by {@code n}) is read; {@code a} is overwritten with its Cholesky factor.
     */
    static double[] choleskySolve(double[] a, double[] b, int n) {
        for (int j = 0; j < n; j++) {
            double diagonal = a[j * n + j];
            for (int p = 0; p < j; p++) {
                diagonal -= a[j * n + p] * a[j * n + p];
            }
            if (!(diagonal > 0)) {
                throw new IllegalArgumentException("matrix is not positive definite");
            }
            double l = Math.sqrt(diagonal);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int p = 0; p < j; p++) {
                    s -= a[i * n + p] * a[j * n + p];
                }
                a[i * n + j] = s / l;
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= a[i * n + p] * y[p];
            }
            y[i] = s / a[i * n + i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = i + 1; p < n; p++) {
                s -= a[p * n + i] * x[p];
            }
            x[i] = s / a[i * n + i];
        }
        return x;
    }

    /** Scores sampled to guess a threshold that about {@link #OVERSAMPLE} × k items pass. */
    private static final int SAMPLE = 256;
    private static final int OVERSAMPLE = 3;

    /**
     * The {@code k} best in-stock, not excluded items by the dot product of their vector (as held in the panels)
     * with {@code query}, best first, the earlier item first on equal scores; a
     * block of items at a time ({@link BlockScorer}).
     *
     * <p>Selecting the best k of all n items costs more than scoring them does, so a threshold is guessed from
     * a sample of the scores: when at least k admissible items score at or above it, those are exactly where the
     * best k are, and only they are sorted. When too few pass (many excluded or out of stock), the exact pass over
     * every admissible score decides, so the list is the same either way.
     */
    private List<ItemId> top(float[] query, Set<ItemId> excluded, int k) {
        return top((double[]) null, query, excluded, k);
    }

    /** Component {@code d} of item {@code i}'s unit-length vector. */
    private float unit(int i, int d) {
        return (float) (value(i, d) * inverseNorms[i]);
    }

    /** Value {@code d} of item {@code i}'s vector, as held. */
    private float value(int i, int d) {
        return itemColumns.get(BlockScorer.at(i, d, dim)) * steps[d];
    }

    /** The model's items, in the order of their positions. */
    public List<ItemId> items() {
        return List.of(items);
    }

    /**
     * What holding the ranker costs, estimated: the vectors in panels, a norm per item, the Gram matrix, the
     * shoppers' vectors, per item its slots in the id array and position table (serving holds the catalog's ids,
     * so an id itself costs nothing more while the catalog holds the same instances; a reloaded catalog has its
     * own), and per shopper its id (~56 bytes) and slots.
     */
    public long bytes() {
        return ModelMemory.heapBytes(itemColumns, 2) + 4L * steps.length + 4L * userVectors.length
                + 8L * items.length + 8L * gram.length + 16L * items.length + 72L * userIndex.size();
    }

    /** Item {@code i}'s vector, copied out of its panel. */
    public float[] vector(int i) {
        float[] y = new float[dim];
        for (int d = 0; d < dim; d++) {
            y[d] = value(i, d);
        }
        return y;
    }

    /** As {@link #top(float[], Set, int)}, each item's score multiplied by {@code scales[item]} if given. */
    private List<ItemId> top(double[] scales, float[] query, Set<ItemId> excluded, int k) {
        try (FactorScratch scratch = FactorScratch.take()) {
            return top(scratch, scales, query, excluded, k);
        }
    }

    private List<ItemId> top(FactorScratch scratch, double[] scales, float[] query, Set<ItemId> excluded, int k) {
        int n = items.length;
        // Each dimension's step folded into the query: the panels' 16-bit units then score as the held values do.
        float[] scaled = new float[dim];
        for (int d = 0; d < dim; d++) {
            scaled[d] = query[d] * steps[d];
        }
        float[] all = scratch.scores(n + BlockScorer.BLOCK + BlockScorer.PANEL);
        float[] block = scratch.block();
        for (int from = 0; from < n; from += BlockScorer.BLOCK) {
            int length = Math.min(BlockScorer.BLOCK, n - from);
            if (heapColumns != null) {
                SCORER.score(heapColumns, dim, scaled, from, length, block);
            } else {
                // The block's panels (from is a multiple of the panel size) copied next to the core, scored there.
                int start = BlockScorer.at(from, 0, dim);
                short[] panels = scratch.panels(BlockScorer.length(length, dim));
                itemColumns.get(start, panels, 0, BlockScorer.length(length, dim));
                SCORER.score(panels, dim, scaled, 0, length, block);
            }
            if (scales != null) {
                for (int j = 0; j < length; j++) {
                    block[j] = (float) (block[j] * scales[from + j]);
                }
            }
            System.arraycopy(block, 0, all, from, length);
        }
        IntPredicate admits = stock.admitsExcept(excluded, itemIndex);
        if (k > 0 && n > 8 * k) {
            List<ItemId> fast = best(scratch, all, n, admits, k, sampledThreshold(scratch, all, n, k), 64 * k);
            if (fast != null) {
                return fast;
            }
        }
        // The exact pass: every admissible item is a candidate.
        return best(scratch, all, n, admits, k, Float.NEGATIVE_INFINITY, Integer.MAX_VALUE);
    }

    /** A score about {@link #OVERSAMPLE} × k of the n items reach, guessed from a sample of the scores. */
    private static float sampledThreshold(FactorScratch scratch, float[] all, int n, int k) {
        int stride = Math.max(1, n / SAMPLE);
        int m = 0;
        float[] sample = scratch.sample(n / stride + 1);
        for (int i = 0; i < n; i += stride) {
            sample[m++] = all[i];
        }
        int fromTop = Math.min(m - 1, (int) Math.ceil((double) OVERSAMPLE * k * m / n));
        // The sample's value at that rank from the top, as sorting it would give, by selection instead.
        return Select.atRank(sample, m, m - 1 - fromTop);
    }

    /**
     * The best k of the admissible items scoring at or above {@code threshold}, best first. Null when the threshold
     * is finite and fewer than k pass it (the best k may lie below it), or when more than {@code limit} pass (a flat
     * distribution: the exact pass is as good); with no threshold, all admissible items when there are fewer than k.
     */
    private List<ItemId> best(FactorScratch scratch, float[] all, int n, IntPredicate admits, int k,
                              float threshold, int limit) {
        long[] keys = scratch.candidates();
        int count = 0;
        for (int i = 0; i < n; i++) {
            float score = all[i];
            if (score >= threshold && admits.test(i)) {
                if (count == keys.length) {
                    if (count >= limit) {
                        return null;
                    }
                    keys = Arrays.copyOf(keys, count * 2);
                    scratch.grown(keys);
                }
                keys[count++] = sortKey(score, i);
            }
        }
        if (count < k && threshold != Float.NEGATIVE_INFINITY) {
            return null;
        }
        // The k smallest keys (the best k items), then only they in order: not every candidate sorted.
        int size = Math.min(k, count);
        Select.smallest(keys, count, size);
        Arrays.sort(keys, 0, size);
        List<ItemId> best = new ArrayList<>(size);
        for (int j = 0; j < size; j++) {
            best.add(items[(int) keys[j]]);
        }
        return best;
    }

    /**
     * Ascending order of the keys is descending score, then ascending item: the float's bits made to compare as a
     * signed int, inverted, above the item index.
     */
    private static long sortKey(float score, int item) {
        // -0 and +0 are the same score (as float comparison has them).
        int bits = Float.floatToIntBits(score == 0 ? 0f : score);
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) ~bits << 32) | item;
    }


    /**
     * How histories become shopper vectors.
     *
     * @param weights         weight of each event type in a history (as in training)
     * @param confidenceScale confidence added per unit of weight (the trainer's {@code alpha})
     * @param regularization  weighted-lambda penalty (the trainer's, per unit of confidence)
     * @param recentItems     most recent distinct history items the fold-in uses; 0 for all
     * @param recencyDecay    factor on an item's weight per distinct item step back, in (0, 1]; 1 for none
     * @param cartScoring     how the cart surface scores items
     */
    public record Config(EventWeights weights, double confidenceScale, double regularization, int recentItems,
                         double recencyDecay, CartScoring cartScoring) {
        public Config {
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(cartScoring, "cartScoring");
            if (!(confidenceScale > 0) || Double.isInfinite(confidenceScale)) {
                throw new IllegalArgumentException("confidenceScale must be positive and finite");
            }
            if (!(regularization >= 0) || Double.isInfinite(regularization)) {
                throw new IllegalArgumentException("regularization must be finite and >= 0");
            }
            if (recentItems < 0) {
                throw new IllegalArgumentException("recentItems must be >= 0");
            }
            if (!(recencyDecay > 0.0 && recencyDecay <= 1.0)) {
                throw new IllegalArgumentException("recencyDecay must be in (0, 1]");
            }
        }

        /**
         * Standard weights, the trainer's default confidence scale 10 and penalty 0.1, the whole history, cosine on
         * the cart.
         */
        public static Config defaults() {
            return new Config(EventWeights.standard(), 10, 0.1, 0, 1.0, CartScoring.COSINE);
        }

        public Config withRegularization(double newRegularization) {
            return new Config(weights, confidenceScale, newRegularization, recentItems, recencyDecay, cartScoring);
        }

        public Config withCartScoring(CartScoring newCartScoring) {
            return new Config(weights, confidenceScale, regularization, recentItems, recencyDecay, newCartScoring);
        }

        public Config withRecency(int newRecentItems, double newRecencyDecay) {
            return new Config(weights, confidenceScale, regularization, newRecentItems, newRecencyDecay, cartScoring);
        }
    }

    /** How the cart surface scores items. */
    public enum CartScoring {
        /** Sum of each item's cosines with the cart's items: items like those in the cart. */
        COSINE,
        /**
         * Dot product with the vector folded in from the shopper's history plus the cart's items as add-to-cart
         * events: what a shopper with this history and this cart goes for next.
         */
        FOLD_IN
    }
}
