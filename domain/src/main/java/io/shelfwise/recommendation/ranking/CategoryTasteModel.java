package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ItemSignal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A shopper's taste for categories and brands, read from their own history and the catalog's tree: "more of the
 * categories you shop, from the brands you pick there, most popular first". An item scores
 * <pre>P(leaf | shopper) · P(item | leaf) · lift(brand | shopper, department)</pre>
 * where {@code P(leaf | shopper)} is the shopper's weighted interactions per leaf category, smoothed towards the
 * store's leaf popularity with {@link Config#leafPrior()} pseudo-interactions; {@code P(item | leaf)} is the item's
 * share of its leaf's popularity ({@link PopularityModel}, so recent demand counts most); and the lift is how much
 * more the shopper picks the item's brand in the item's department (first level of the category path) than the
 * store does, smoothed with {@link Config#brandPrior()} pseudo-interactions at the store's share. Each interaction
 * counts its event's weight times {@link Config#decay()} per step back in the history, so the newest intent leads.
 *
 * <p>It needs no training beyond counting: the catalog gives the tree and brands, the events give popularity. It
 * knows nothing of items bought together, so the cart and the product page are left to the other rankers (it
 * proposes nothing there), and it complements a factor model on home, where the gate decides whether it serves.
 * Items the shopper bought and items out of stock are never listed. A request scans the leaves the shopper touched,
 * each up to {@link Config#scanPerLeaf()} items, plus the store's top items.
 */
public final class CategoryTasteModel implements Ranker {
    /** Headroom on a leaf's score bound, far above the rounding between the bound and a score. */
    private static final double BOUND_SLACK = 1 + 1e-9;

    private final String name;
    private final Config config;
    private final Predicate<ItemId> inStock;
    private final EventWeights weights;
    private final Positions<ItemId> indexOf;
    private final ItemId[] items;
    private final int[] leafOf;
    private final int[] departmentOf;
    /** The item's brand index, -1 for none. */
    private final int[] brandOf;
    /** P(item | leaf). */
    private final double[] withinLeaf;
    /** P(leaf), the store's. */
    private final double[] leafShare;
    /** Per leaf, its items by popularity, best first, at most scanPerLeaf. */
    private final int[][] leafItems;
    /** P(brand | department), the store's, keyed department * brands + brand. */
    private final Map<Long, Double> brandShare;
    /** The store's best items overall, best first. */
    private final int[] top;
    /** Per item, the keys a request looks its shopper's weights up by, boxed once here instead of per request. */
    private final Integer[] departmentKey;
    private final long[] brandKey;
    /** Per item, its brand's share of its department's popularity (1 where unknown). */
    private final double[] storeBrandShare;

    private CategoryTasteModel(String name, Config config, Predicate<ItemId> inStock, EventWeights weights,
                               Positions<ItemId> indexOf, ItemId[] items, int[] leafOf, int[] departmentOf,
                               int[] brandOf, double[] withinLeaf, double[] leafShare, int[][] leafItems,
                               Map<Long, Double> brandShare, int[] top) {
        this.name = name;
        this.config = config;
        this.inStock = inStock;
        this.weights = weights;
        this.indexOf = indexOf;
        this.items = items;
        this.leafOf = leafOf;
        this.departmentOf = departmentOf;
        this.brandOf = brandOf;
        this.withinLeaf = withinLeaf;
        this.leafShare = leafShare;
        this.leafItems = leafItems;
        this.brandShare = brandShare;
        this.top = top;
        this.departmentKey = new Integer[items.length];
        this.brandKey = new long[items.length];
        this.storeBrandShare = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            departmentKey[i] = departmentOf[i];
            brandKey[i] = brandKey(departmentOf[i], brandOf[i]);
            storeBrandShare[i] = storeShare(brandKey[i]);
        }
    }

    /**
     * Counts {@code train}'s popularity with {@code popularity} as of its latest day and lays the catalog's items
     * out by leaf category and brand; items without a category path share one leaf, items without a brand one brand.
     */
    public static CategoryTasteModel train(String name, Collection<ShopperEvent> train, List<Item> catalog,
                                           Predicate<ItemId> inStock, PopularityModel popularity,
                                           EventWeights weights, Config config) {
        Objects.requireNonNull(catalog, "catalog");
        Map<SignalKey, Long> counts = new HashMap<>();
        LocalDate today = LocalDate.EPOCH;
        for (ShopperEvent e : train) {
            LocalDate day = LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC);
            if (day.isAfter(today)) {
                today = day;
            }
            for (ItemId item : e.itemIds()) {
                counts.merge(new SignalKey(item, e.type(), day), 1L, Long::sum);
            }
        }
        List<ItemSignal> signals = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> signals.add(new ItemSignal(key.item(), key.type(), key.day(), count)));
        Map<ItemId, Double> score = new HashMap<>();
        for (PopularityModel.Ranked r : popularity.rank(signals, today)) {
            score.put(r.itemId(), r.score());
        }
        return of(name, catalog, score, inStock, weights, config);
    }

    /** The model over {@code catalog} with each item's popularity score as given (absent: none yet). */
    static CategoryTasteModel of(String name, List<Item> catalog, Map<ItemId, Double> popularity,
                                 Predicate<ItemId> inStock, EventWeights weights, Config config) {
        int n = catalog.size();
        ItemId[] ids = new ItemId[n];
        int[] leafOf = new int[n];
        int[] departmentOf = new int[n];
        int[] brandOf = new int[n];
        double[] pop = new double[n];
        Map<List<String>, Integer> leaves = new HashMap<>();
        Map<String, Integer> departments = new HashMap<>();
        Map<String, Integer> brands = new HashMap<>();
        double total = 0;
        for (int i = 0; i < n; i++) {
            Item item = catalog.get(i);
            ids[i] = item.id();
            List<String> path = item.categoryPath();
            leafOf[i] = leaves.computeIfAbsent(path, p -> leaves.size());
            departmentOf[i] = departments.computeIfAbsent(path.isEmpty() ? "" : path.getFirst(),
                    d -> departments.size());
            brandOf[i] = item.brand() == null || item.brand().isBlank() ? -1
                    : brands.computeIfAbsent(item.brand(), b -> brands.size());
            // Every item keeps a trace of demand, so an item no one touched yet can still be proposed last.
            pop[i] = popularity.getOrDefault(item.id(), 0.0) + 1e-6;
            total += pop[i];
        }
        double[] leafTotal = new double[leaves.size()];
        Map<Long, Double> brandTotal = new HashMap<>();
        double[] departmentTotal = new double[departments.size()];
        for (int i = 0; i < n; i++) {
            leafTotal[leafOf[i]] += pop[i];
            departmentTotal[departmentOf[i]] += pop[i];
            brandTotal.merge(brandKey(departmentOf[i], brandOf[i]), pop[i], Double::sum);
        }
        double[] withinLeaf = new double[n];
        for (int i = 0; i < n; i++) {
            withinLeaf[i] = pop[i] / leafTotal[leafOf[i]];
        }
        double[] leafShare = new double[leafTotal.length];
        for (int l = 0; l < leafShare.length; l++) {
            leafShare[l] = leafTotal[l] / total;
        }
        Map<Long, Double> brandShare = new HashMap<>(brandTotal.size() * 2);
        brandTotal.forEach((key, sum) -> brandShare.put(key, sum / departmentTotal[(int) (key >> 32)]));
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(pop[b], pop[a]));
        List<List<Integer>> byLeaf = new ArrayList<>();
        for (int l = 0; l < leafTotal.length; l++) {
            byLeaf.add(new ArrayList<>());
        }
        for (int i : order) {
            List<Integer> own = byLeaf.get(leafOf[i]);
            if (own.size() < config.scanPerLeaf() && inStock.test(ids[i])) {
                own.add(i);
            }
        }
        int[][] leafItems = new int[leafTotal.length][];
        for (int l = 0; l < leafItems.length; l++) {
            leafItems[l] = byLeaf.get(l).stream().mapToInt(Integer::intValue).toArray();
        }
        int[] top = Arrays.stream(order).filter(i -> inStock.test(ids[i])).limit(config.scanTop())
                .mapToInt(Integer::intValue).toArray();
        return new CategoryTasteModel(name, config, inStock, weights, Positions.of(ids), ids, leafOf, departmentOf,
                brandOf, withinLeaf, leafShare, leafItems, brandShare, top);
    }

    /**
     * The brand's share of its department's popularity (1 where unknown); never 0, since every item keeps a trace
     * of demand.
     */
    private double storeShare(long key) {
        return brandShare.getOrDefault(key, 1.0);
    }

    /**
     * What holding it costs, estimated: per item ~64 bytes, its index entry and its slots in the arrays (its id is
     * the catalog's); per brand a map entry. Measured with {@code ./shelfwise bench memory 50000 32 5000}: 0.28 MiB
     * of heap for 5,000 items, where the earlier 160 bytes an item estimated 0.77 MiB.
     */
    public long bytes() {
        return 64L * items.length + 64L * brandShare.size() + 4L * top.length + 256;
    }

    private static long brandKey(int department, int brand) {
        return (long) department << 32 | (brand & 0xffffffffL);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ItemId> home(List<Interaction> history, int k) {
        Map<Integer, Double> leafWeight = new HashMap<>();
        Map<Integer, Double> departmentWeight = new HashMap<>();
        Map<Long, Double> brandWeight = new HashMap<>();
        double total = 0;
        double recency = 1.0;
        for (int h = history.size() - 1; h >= 0; h--, recency *= config.decay()) {
            Interaction interaction = history.get(h);
            int i = indexOf.indexOf(interaction.item());
            double w = weights.of(interaction.type()) * recency;
            if (i < 0 || w <= 0) {
                continue;
            }
            total += w;
            leafWeight.merge(leafOf[i], w, Double::sum);
            departmentWeight.merge(departmentOf[i], w, Double::sum);
            brandWeight.merge(brandKey(departmentOf[i], brandOf[i]), w, Double::sum);
        }
        Set<ItemId> bought = Interaction.bought(history);
        double leafPrior = config.leafPrior();
        // Without a prior nor a known interaction every leaf weighs 0: the store's order then (all scores tie).
        double norm = total + leafPrior > 0 ? total + leafPrior : 1.0;
        // Candidates: the touched leaves' best items, then the store's best (the prior's share); the best k that
        // may be listed are kept, equal scores in that order.
        // The shopper's brand weights as sorted arrays: a candidate's is found by a binary search, not a boxed
        // lookup (a request scores thousands of candidates).
        long[] brandKeys = new long[brandWeight.size()];
        int b = 0;
        for (long key : brandWeight.keySet()) {
            brandKeys[b++] = key;
        }
        Arrays.sort(brandKeys);
        double[] brandValues = new double[brandKeys.length];
        for (int j = 0; j < brandKeys.length; j++) {
            brandValues[j] = brandWeight.get(brandKeys[j]);
        }
        Best best = new Best(k, bought);
        int position = 0;
        for (Map.Entry<Integer, Double> leaf : leafWeight.entrySet()) {
            int l = leaf.getKey();
            double leafP = (leaf.getValue() + leafPrior * leafShare[l]) / norm;
            int[] inLeaf = leafItems[l];
            if (inLeaf.length == 0) {
                continue;
            }
            // A leaf lies in one department: its items share the shopper's weight there, and no item's lift exceeds
            // the best of the shopper's brands there (or the neutral one). Items come most popular first, so once
            // that bound cannot beat the weakest item kept, the rest of the leaf cannot either.
            int department = departmentOf[inLeaf[0]];
            double ownPlusPrior = departmentWeight.getOrDefault(departmentKey[inLeaf[0]], 0.0) + config.brandPrior();
            double liftBound = config.brandPrior() / ownPlusPrior;
            for (int j = 0; j < brandKeys.length; j++) {
                if ((int) (brandKeys[j] >> 32) == department) {
                    double share = storeShare(brandKeys[j]);
                    liftBound = Math.max(liftBound, (brandValues[j] + config.brandPrior() * share) / ownPlusPrior
                            / share);
                }
            }
            liftBound *= BOUND_SLACK;
            for (int i : inLeaf) {
                double score = leafP * withinLeaf[i];
                if (best.full() && score * liftBound < best.weakest()) {
                    break;
                }
                best.offer(position++, i, score * lift(i, ownPlusPrior, brandKeys, brandValues));
            }
        }
        for (int i : top) {
            if (!leafWeight.containsKey(leafOf[i])) {
                double leafP = leafPrior * leafShare[leafOf[i]] / norm;
                double ownPlusPrior = departmentWeight.getOrDefault(departmentKey[i], 0.0) + config.brandPrior();
                best.offer(position++, i, leafP * withinLeaf[i] * lift(i, ownPlusPrior, brandKeys, brandValues));
            }
        }
        return best.list();
    }

    /**
     * How much more the shopper favours the item's brand in its department than the store does; {@code ownPlusPrior}
     * is the shopper's weight in the item's department plus the brand prior.
     */
    private double lift(int i, double ownPlusPrior, long[] brandKeys, double[] brandValues) {
        double storeShare = storeBrandShare[i];
        int at = Arrays.binarySearch(brandKeys, brandKey[i]);
        double brand = at >= 0 ? brandValues[at] : 0.0;
        return (brand + config.brandPrior() * storeShare) / ownPlusPrior / storeShare;
    }

    /**
     * The k best candidates that may be listed (not bought, in stock), by score, equal scores by the order they were
     * offered in: a min-heap whose root is the weakest kept, so a candidate that cannot enter costs no lookup.
     */
    private final class Best {
        private final int k;
        private final Set<ItemId> bought;
        private final int[] position;
        private final int[] item;
        private final double[] score;
        private int count;

        Best(int k, Set<ItemId> bought) {
            this.k = Math.max(k, 0);
            this.bought = bought;
            this.position = new int[this.k];
            this.item = new int[this.k];
            this.score = new double[this.k];
        }

        boolean full() {
            return k == 0 || count == k;
        }

        /** The score of the weakest item kept (the list is {@link #full()}). */
        double weakest() {
            return k == 0 ? Double.POSITIVE_INFINITY : score[0];
        }

        void offer(int at, int i, double value) {
            if (k == 0 || count == k && !stronger(value, at, score[0], position[0])) {
                return;
            }
            ItemId id = items[i];
            if (bought.contains(id) || !inStock.test(id)) {
                return;
            }
            int slot;
            if (count < k) {
                slot = count++;
                set(slot, at, i, value);
                while (slot > 0 && stronger(score[(slot - 1) / 2], position[(slot - 1) / 2], score[slot],
                        position[slot])) {
                    swap(slot, (slot - 1) / 2);
                    slot = (slot - 1) / 2;
                }
            } else {
                set(0, at, i, value);
                siftDown(count);
            }
        }

        List<ItemId> list() {
            ItemId[] ranked = new ItemId[count];
            for (int last = count - 1; last >= 0; last--) {
                ranked[last] = items[item[0]];
                swap(0, last);
                siftDown(last);
            }
            return new ArrayList<>(Arrays.asList(ranked));
        }

        private void siftDown(int size) {
            int at = 0;
            while (true) {
                int weakest = at;
                for (int child = 2 * at + 1; child <= 2 * at + 2 && child < size; child++) {
                    if (stronger(score[weakest], position[weakest], score[child], position[child])) {
                        weakest = child;
                    }
                }
                if (weakest == at) {
                    return;
                }
                swap(at, weakest);
                at = weakest;
            }
        }

        private void set(int slot, int at, int i, double value) {
            position[slot] = at;
            item[slot] = i;
            score[slot] = value;
        }

        private void swap(int x, int y) {
            int p = position[x];
            position[x] = position[y];
            position[y] = p;
            int i = item[x];
            item[x] = item[y];
            item[y] = i;
            double v = score[x];
            score[x] = score[y];
            score[y] = v;
        }

        /** Higher score first; on equal scores the one offered first. */
        private static boolean stronger(double score, int at, double thanScore, int thanAt) {
            return score > thanScore || score == thanScore && at < thanAt;
        }
    }

    @Override
    public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
        return new ArrayList<>();
    }

    @Override
    public List<ItemId> similar(ItemId item, int k) {
        return new ArrayList<>();
    }

    /**
     * @param decay       weight left to an interaction per step back in the history, in (0, 1]
     * @param leafPrior   pseudo-interactions at the store's leaf shares added to the shopper's own
     * @param brandPrior  pseudo-interactions at the store's brand shares added per department
     * @param scanPerLeaf most popular in-stock items of a leaf a request scores
     * @param scanTop     most popular in-stock items of the store a request scores besides
     */
    public record Config(double decay, double leafPrior, double brandPrior, int scanPerLeaf, int scanTop) {
        public Config {
            if (!(decay > 0.0 && decay <= 1.0)) {
                throw new IllegalArgumentException("decay must be in (0, 1]");
            }
            if (!(leafPrior >= 0) || !(brandPrior > 0) || Double.isInfinite(leafPrior)
                    || Double.isInfinite(brandPrior)) {
                throw new IllegalArgumentException("priors must be finite, leafPrior >= 0, brandPrior > 0");
            }
            if (scanPerLeaf < 1 || scanTop < 0) {
                throw new IllegalArgumentException("scanPerLeaf must be at least 1, scanTop at least 0");
            }
        }

        public static Config defaults() {
            return new Config(0.97, 2.0, 2.0, 500, 200);
        }
    }

    private record SignalKey(ItemId item, EventType type, LocalDate day) {
    }
}
