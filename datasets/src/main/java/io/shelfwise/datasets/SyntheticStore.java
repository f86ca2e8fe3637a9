package io.shelfwise.datasets;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.ShopperEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A seeded synthetic online store, realistic enough to tell recommenders apart: a catalog of items in a two-level
 * category tree with brands, prices and stock, and shoppers whose events follow from hidden tastes.
 *
 * <p>The world: item popularity follows a power law (Zipf, exponent 1 unless the spec says otherwise: above 1 a
 * head-heavy store whose bestsellers take most of the demand, below 1 a flat one); a brand sells in one or two departments;
 * a shopper likes two to five leaf categories with random strengths, is loyal to one brand per liked department
 * with a strength of their own, has their own add-to-cart propensity, joins the store at the start or later, and
 * one in five churns, never to return. Sessions arrive through the day (busier in the evening) and are of three
 * kinds: browsing (an optional search, views mostly in one intended category, some of them put in the cart),
 * complements (a carted item draws an item of a complement category, most often one of a few compatible items,
 * as a case fits a phone), and replenishment (a consumable bought before is bought again). A cart is checked out
 * with the shopper's propensity, else abandoned; a few items are removed first. One in ten sessions is an
 * anonymous visitor with no history.
 *
 * <p>Everything follows from {@link Spec#seed()}: the same spec gives the same catalog and the same events, on
 * every run and JDK ({@link SplittableRandom}'s algorithm is specified). {@link #events()} streams the events in
 * time order from the seed each time it is called, holding only the open sessions, so a million events take
 * seconds and memory for the catalog and the shoppers' compact state, not for the events.
 */
public final class SyntheticStore {
    static final String CURRENCY = "EUR";
    /** The items' popularity exponent of a store that does not ask for another one. */
    public static final double DEFAULT_POPULARITY_EXPONENT = 1.0;
    private static final double IN_STOCK_SHARE = 0.92;
    private static final int MAX_LIKED_LEAVES = 5;
    private static final int COMPATIBLE_PER_LEAF = 2;
    private static final String[] SYLLABLES = {"nor", "vik", "al", "ta", "ro", "ke", "lu", "mi", "sa", "den", "bri",
            "ze", "pa", "ly", "gra", "fen", "tor", "qua", "mo", "ski", "ver", "ani", "bel", "cor", "dra", "el"};

    final Spec spec;
    final Taxonomy taxonomy;
    // Items, by index.
    /** Each item's id as the one-element list an event holds, shared by all its events. */
    final List<List<ItemId>> itemIdLists;
    final int[] leafOf;
    final int[] brandOf;
    final BigDecimal[] price;
    final boolean[] consumable;
    /** Per item, {@link #COMPATIBLE_PER_LEAF} items per complement leaf of its leaf; -1 where that leaf is empty. */
    final int[][] compatible;
    final WeightedChoice leafByPopularity;
    final WeightedChoice[] itemsOfLeaf;
    final Map<Long, WeightedChoice> itemsOfLeafAndBrand;
    // Shoppers, by index; liked leaves and their brands flattened in rows of MAX_LIKED_LEAVES.
    final WeightedChoice shopperByActivity;
    final int[] likedLeaves;
    final float[] likedWeights;
    final byte[] likedCount;
    final int[] likedBrand;
    final float[] loyalty;
    final float[] cartPropensity;
    final float[] checkoutPropensity;
    final int[] joinsAt;
    final int[] churnsAt;
    private final List<Item> catalog;

    private SyntheticStore(Spec spec) {
        this.spec = spec;
        this.taxonomy = Taxonomy.standard();
        SplittableRandom random = new SplittableRandom(spec.seed());
        SplittableRandom catalogRandom = random.split();
        SplittableRandom shopperRandom = random.split();

        int items = spec.items();
        int leaves = taxonomy.leafCount();
        List<String> departmentNames = IntStream.range(0, leaves).mapToObj(taxonomy::department)
                .distinct().toList();
        int departments = departmentNames.size();

        // Brands: Zipf popularity, each selling in one or two departments.
        int brands = Math.clamp(items / 40, 5, 400);
        String[] brandNames = brandNames(brands, catalogRandom);
        double[] brandWeight = zipf(brands, 0.8);
        List<List<Integer>> brandsOfDepartment = new ArrayList<>();
        for (int d = 0; d < departments; d++) {
            brandsOfDepartment.add(new ArrayList<>());
        }
        for (int b = 0; b < brands; b++) {
            int first = catalogRandom.nextInt(departments);
            brandsOfDepartment.get(first).add(b);
            if (catalogRandom.nextDouble() < 0.3) {
                int second = catalogRandom.nextInt(departments);
                if (second != first) {
                    brandsOfDepartment.get(second).add(b);
                }
            }
        }
        WeightedChoice anyBrand = new WeightedChoice(range(brands), brandWeight);
        WeightedChoice[] brandOfDepartment = new WeightedChoice[departments];
        for (int d = 0; d < departments; d++) {
            List<Integer> own = brandsOfDepartment.get(d);
            brandOfDepartment[d] = own.isEmpty() ? anyBrand : new WeightedChoice(
                    own.stream().mapToInt(Integer::intValue).toArray(),
                    own.stream().mapToDouble(b -> brandWeight[b]).toArray());
        }

        // Items: every leaf gets one while they last, the rest go to random leaves; popularity by a shuffled rank.
        double[] leafPrice = new double[leaves];
        for (int l = 0; l < leaves; l++) {
            leafPrice[l] = Math.exp(Math.log(5) + catalogRandom.nextDouble() * (Math.log(400) - Math.log(5)));
        }
        double[] popularity = zipf(items, spec.popularityExponent());
        shuffle(popularity, catalogRandom);
        itemIdLists = new ArrayList<>(items);
        leafOf = new int[items];
        brandOf = new int[items];
        price = new BigDecimal[items];
        consumable = new boolean[items];
        catalog = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            int leaf = i < leaves ? i : catalogRandom.nextInt(leaves);
            int department = departmentNames.indexOf(taxonomy.department(leaf));
            leafOf[i] = leaf;
            brandOf[i] = brandOfDepartment[department].next(catalogRandom);
            long cents = Math.max(99, Math.round(leafPrice[leaf] * Math.exp(0.35 * catalogRandom.nextGaussian()))
                    * 100 - 1);
            price[i] = BigDecimal.valueOf(cents, 2);
            consumable[i] = taxonomy.consumable(leaf);
            ItemId id = new ItemId("sku-" + i);
            itemIdLists.add(List.of(id));
            String title = brandNames[brandOf[i]] + " " + taxonomy.name(leaf) + " "
                    + (char) ('A' + catalogRandom.nextInt(26)) + (100 + catalogRandom.nextInt(900));
            catalog.add(new Item(id, title, brandNames[brandOf[i]], taxonomy.path(leaf), price[i], CURRENCY,
                    catalogRandom.nextDouble() < IN_STOCK_SHARE, Map.of()));
        }

        List<List<Integer>> itemsByLeaf = new ArrayList<>();
        for (int l = 0; l < leaves; l++) {
            itemsByLeaf.add(new ArrayList<>());
        }
        Map<Long, List<Integer>> itemsByLeafAndBrand = new HashMap<>();
        for (int i = 0; i < items; i++) {
            itemsByLeaf.get(leafOf[i]).add(i);
            itemsByLeafAndBrand.computeIfAbsent(leafBrandKey(leafOf[i], brandOf[i]), k -> new ArrayList<>()).add(i);
        }
        itemsOfLeaf = new WeightedChoice[leaves];
        double[] leafWeight = new double[leaves];
        for (int l = 0; l < leaves; l++) {
            List<Integer> own = itemsByLeaf.get(l);
            if (!own.isEmpty()) {
                itemsOfLeaf[l] = choiceOf(own, popularity);
                leafWeight[l] = itemsOfLeaf[l].totalWeight();
            }
        }
        leafByPopularity = new WeightedChoice(range(leaves), leafWeight);
        itemsOfLeafAndBrand = new HashMap<>();
        itemsByLeafAndBrand.forEach((key, own) -> itemsOfLeafAndBrand.put(key, choiceOf(own, popularity)));

        compatible = new int[items][];
        for (int i = 0; i < items; i++) {
            int[] complementLeaves = taxonomy.complements(leafOf[i]);
            int[] row = new int[complementLeaves.length * COMPATIBLE_PER_LEAF];
            for (int c = 0; c < complementLeaves.length; c++) {
                WeightedChoice choice = itemsOfLeaf[complementLeaves[c]];
                for (int j = 0; j < COMPATIBLE_PER_LEAF; j++) {
                    row[c * COMPATIBLE_PER_LEAF + j] = choice == null ? -1 : choice.next(catalogRandom);
                }
            }
            compatible[i] = row;
        }

        // Shoppers.
        int users = spec.users();
        int window = spec.days() * 86_400;
        double[] activity = new double[users];
        likedLeaves = new int[users * MAX_LIKED_LEAVES];
        likedWeights = new float[users * MAX_LIKED_LEAVES];
        likedCount = new byte[users];
        likedBrand = new int[users * MAX_LIKED_LEAVES];
        loyalty = new float[users];
        cartPropensity = new float[users];
        checkoutPropensity = new float[users];
        joinsAt = new int[users];
        churnsAt = new int[users];
        for (int u = 0; u < users; u++) {
            activity[u] = Math.exp(1.1 * shopperRandom.nextGaussian());
            int liked = 2 + shopperRandom.nextInt(MAX_LIKED_LEAVES - 1);
            Set<Integer> chosen = new HashSet<>();
            for (int attempt = 0; chosen.size() < liked && attempt < 50; attempt++) {
                chosen.add(leafByPopularity.next(shopperRandom));
            }
            int slot = 0;
            for (int leaf : chosen.stream().sorted().toList()) {
                int at = u * MAX_LIKED_LEAVES + slot;
                likedLeaves[at] = leaf;
                likedWeights[at] = (float) (0.05 + shopperRandom.nextExponential());
                int department = departmentNames.indexOf(taxonomy.department(leaf));
                likedBrand[at] = brandOfDepartment[department].next(shopperRandom);
                slot++;
            }
            likedCount[u] = (byte) slot;
            double l = shopperRandom.nextDouble();
            loyalty[u] = (float) (0.8 * l * l);
            cartPropensity[u] = (float) Math.min(0.6, 0.15 * Math.exp(0.4 * shopperRandom.nextGaussian()));
            checkoutPropensity[u] = (float) (0.45 + 0.4 * shopperRandom.nextDouble());
            joinsAt[u] = shopperRandom.nextDouble() < 0.65 ? 0 : (int) (shopperRandom.nextDouble() * 0.85 * window);
            churnsAt[u] = shopperRandom.nextDouble() < 0.2
                    ? joinsAt[u] + (int) ((0.15 + 0.5 * shopperRandom.nextDouble()) * (window - joinsAt[u]))
                    : Integer.MAX_VALUE;
        }
        shopperByActivity = new WeightedChoice(range(users), activity);
    }

    /** Builds the catalog and the shoppers for {@code spec}; events are generated when streamed. */
    public static SyntheticStore generate(Spec spec) {
        return new SyntheticStore(Objects.requireNonNull(spec, "spec"));
    }

    public Spec spec() {
        return spec;
    }

    /** Every item, in id order {@code sku-0, sku-1, ...}; about 92% are in stock. */
    public List<Item> catalog() {
        return List.copyOf(catalog);
    }

    /**
     * Exactly {@link Spec#events()} events, in time order from {@link Spec#start()} over {@link Spec#days()} days,
     * valid as {@link ShopperEvent#of} would build them. Each call streams the same events anew.
     */
    public Stream<ShopperEvent> events() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new SyntheticEvents(this),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The category paths of the leaves whose items complement items of {@code categoryPath}. */
    public Set<List<String>> complementsOf(List<String> categoryPath) {
        Set<List<String>> result = new HashSet<>();
        for (int leaf = 0; leaf < taxonomy.leafCount(); leaf++) {
            if (taxonomy.path(leaf).equals(categoryPath)) {
                for (int c : taxonomy.complements(leaf)) {
                    result.add(taxonomy.path(c));
                }
            }
        }
        return result;
    }

    static long leafBrandKey(int leaf, int brand) {
        return (long) leaf << 32 | brand;
    }

    int likedSlots() {
        return MAX_LIKED_LEAVES;
    }

    int compatiblePerLeaf() {
        return COMPATIBLE_PER_LEAF;
    }

    private static WeightedChoice choiceOf(List<Integer> items, double[] popularity) {
        return new WeightedChoice(items.stream().mapToInt(Integer::intValue).toArray(),
                items.stream().mapToDouble(i -> popularity[i]).toArray());
    }

    /** Weights 1 / rank^exponent for ranks 1..n. */
    private static double[] zipf(int n, double exponent) {
        double[] weights = new double[n];
        for (int r = 0; r < n; r++) {
            weights[r] = 1.0 / Math.pow(r + 1, exponent);
        }
        return weights;
    }

    private static void shuffle(double[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    private static int[] range(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }

    private static String[] brandNames(int count, SplittableRandom random) {
        Set<String> taken = new HashSet<>();
        String[] names = new String[count];
        for (int b = 0; b < count; b++) {
            String name;
            do {
                StringBuilder s = new StringBuilder();
                int syllables = 2 + random.nextInt(2);
                for (int i = 0; i < syllables; i++) {
                    s.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
                }
                name = Character.toUpperCase(s.charAt(0)) + s.substring(1);
            } while (!taken.add(name));
            names[b] = name;
        }
        return names;
    }

    /**
     * The size and seed of a store.
     *
     * @param events         events to generate, exactly
     * @param items          catalog size
     * @param users          registered shoppers (anonymous visitors come on top)
     * @param seed           everything is derived from it
     * @param days           days the events spread over
     * @param start          time of the first day's midnight
     * @param anonymousShare share of sessions by one-off anonymous visitors
     * @param popularityExponent Zipf exponent of the items' popularity (1: the default store; 1.3: head-heavy,
     *                       0.7: flat)
     */
    public record Spec(long events, int items, int users, long seed, int days, Instant start,
                       double anonymousShare, double popularityExponent) {
        /** Midnight UTC of a Monday in the past, so every generated event is valid "now". */
        public static final Instant DEFAULT_START = Instant.parse("2025-01-06T00:00:00Z");
        public static final int DEFAULT_DAYS = 60;

        public Spec {
            Objects.requireNonNull(start, "start");
            if (events < 1) {
                throw new IllegalArgumentException("events must be at least 1");
            }
            if (items < 10 || users < 1) {
                throw new IllegalArgumentException("need at least 10 items and 1 user");
            }
            if (days < 1 || days > 3650) {
                throw new IllegalArgumentException("days must be between 1 and 3650");
            }
            if (!(anonymousShare >= 0.0 && anonymousShare < 1.0)) {
                throw new IllegalArgumentException("anonymousShare must be in [0, 1)");
            }
            if (!(popularityExponent >= 0.0 && popularityExponent <= 3.0)) {
                throw new IllegalArgumentException("popularityExponent must be in [0, 3]");
            }
        }

        /** A store with the default popularity exponent. */
        public Spec(long events, int items, int users, long seed, int days, Instant start, double anonymousShare) {
            this(events, items, users, seed, days, start, anonymousShare, DEFAULT_POPULARITY_EXPONENT);
        }

        /** The same store with items' popularity following {@code exponent}. */
        public Spec withPopularityExponent(double exponent) {
            return new Spec(events, items, users, seed, days, start, anonymousShare, exponent);
        }

        /** 60 days from {@link #DEFAULT_START}, one session in ten anonymous. */
        public static Spec of(long events, int items, int users, long seed) {
            return new Spec(events, items, users, seed, DEFAULT_DAYS, DEFAULT_START, 0.1);
        }

        /**
         * A store sized from its event count: one item per 50 events (100 to 20,000) and one shopper per 20 events
         * (at least 20), about the density of a mid-sized shop.
         */
        public static Spec sized(long events, long seed) {
            return of(events, defaultItems(events), defaultUsers(events), seed);
        }

        public static int defaultItems(long events) {
            return Math.clamp(events / 50, 100, 20_000);
        }

        public static int defaultUsers(long events) {
            return Math.clamp(events / 20, 20, 5_000_000);
        }
    }
}
