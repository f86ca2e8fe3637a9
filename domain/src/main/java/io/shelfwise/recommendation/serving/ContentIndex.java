package io.shelfwise.recommendation.serving;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Content similarity between the items of one tenant's catalog, for items without (enough) behaviour: two items
 * are alike by the features they share — each level of the category path, the brand, each attribute value —
 * each feature weighted by its rarity (idf, so sharing a brand of three items says more than sharing a category
 * of thousands), attribute values at {@link #ATTRIBUTE_FACTOR} of that (stores fill attributes freely, while the
 * taxonomy and brand are curated), as the cosine of those weighted feature sets. Built from a catalog snapshot; a query takes the
 * item's current features, so an item added after the build still finds its neighbours among the indexed ones.
 * Holds about 100 bytes per item plus one entry per distinct feature.
 */
final class ContentIndex {
    /** Most items a query scores: candidates come from its rarest features first. */
    static final int MAX_CANDIDATES = 2_000;
    /** Longer attribute values are free text, not a shared property. */
    static final int MAX_VALUE_LENGTH = 100;
    static final double ATTRIBUTE_FACTOR = 0.5;
    private static final char SEPARATOR = '\u001f';
    private static final String ATTRIBUTE = "a";

    private final long generation;
    private final ItemId[] items;
    private final Map<String, Integer> featureIds;
    private final int[][] postings;
    private final double[] weights;
    private final int[][] itemFeatures;
    private final double[] norms;

    private ContentIndex(long generation, ItemId[] items, Map<String, Integer> featureIds, int[][] postings,
                         double[] weights, int[][] itemFeatures, double[] norms) {
        this.generation = generation;
        this.items = items;
        this.featureIds = featureIds;
        this.postings = postings;
        this.weights = weights;
        this.itemFeatures = itemFeatures;
        this.norms = norms;
    }

    /**
     * What holding it costs, estimated: per item its reference, feature list and norm; per feature its name's map
     * entry, weight and posting list; each (item, feature) pair twice, in the item's list and the feature's.
     */
    long bytes() {
        long pairs = 0;
        for (int[] features : itemFeatures) {
            pairs += features.length;
        }
        return 32L * items.length + 124L * weights.length + 8 * pairs + 64;
    }

    /** Indexes {@code catalog}, remembering the catalog {@code generation} it was built from. */
    static ContentIndex build(Collection<Item> catalog, long generation) {
        List<ItemId> ids = new ArrayList<>(catalog.size());
        List<int[]> perItem = new ArrayList<>(catalog.size());
        Map<String, Integer> featureIds = new HashMap<>();
        List<Integer> counts = new ArrayList<>();
        for (Item item : catalog) {
            Set<String> features = features(item);
            int[] fs = new int[features.size()];
            int n = 0;
            for (String f : features) {
                int id = featureIds.computeIfAbsent(f, k -> {
                    counts.add(0);
                    return counts.size() - 1;
                });
                counts.set(id, counts.get(id) + 1);
                fs[n++] = id;
            }
            Arrays.sort(fs);
            ids.add(item.id());
            perItem.add(fs);
        }
        int[][] postings = new int[counts.size()][];
        double[] weights = new double[counts.size()];
        featureIds.forEach((feature, f) -> {
            postings[f] = new int[counts.get(f)];
            double idf = Math.log(1.0 + (double) ids.size() / counts.get(f));
            weights[f] = feature.startsWith(ATTRIBUTE) ? ATTRIBUTE_FACTOR * idf : idf;
        });
        int[] filled = new int[postings.length];
        double[] norms = new double[ids.size()];
        for (int i = 0; i < perItem.size(); i++) {
            double squares = 0.0;
            for (int f : perItem.get(i)) {
                postings[f][filled[f]++] = i;
                squares += weights[f] * weights[f];
            }
            norms[i] = Math.sqrt(squares);
        }
        return new ContentIndex(generation, ids.toArray(ItemId[]::new), Map.copyOf(featureIds), postings, weights,
                perItem.toArray(int[][]::new), norms);
    }

    long generation() {
        return generation;
    }

    int size() {
        return items.length;
    }

    /**
     * Up to {@code k} indexed items most alike {@code item} that {@code admit} lets through, best first (equal
     * scores in catalog order); never {@code item} itself, never an item sharing nothing with it.
     */
    List<Match> similar(Item item, Predicate<ItemId> admit, int k) {
        int[] query = featureIds(item);
        if (query.length == 0) {
            return List.of();
        }
        double queryNorm = 0.0;
        for (int f : query) {
            queryNorm += weights[f] * weights[f];
        }
        queryNorm = Math.sqrt(queryNorm);
        Set<Integer> candidates = candidates(query);
        Comparator<Match> worstFirst = Comparator.comparingDouble(Match::score)
                .thenComparing(m -> m.item().value(), Comparator.reverseOrder());
        PriorityQueue<Match> best = new PriorityQueue<>(k + 1, worstFirst);
        for (int c : candidates) {
            ItemId id = items[c];
            if (id.equals(item.id())) {
                continue;
            }
            double score = dot(query, itemFeatures[c]) / (queryNorm * norms[c]);
            if (score <= 0.0 || (best.size() >= k && score < best.peek().score()) || !admit.test(id)) {
                continue;
            }
            best.add(new Match(id, score));
            if (best.size() > k) {
                best.poll();
            }
        }
        List<Match> result = new ArrayList<>(best);
        result.sort(worstFirst.reversed());
        return result;
    }

    /** Items sharing a feature with the query, from its rarest features on, at most {@link #MAX_CANDIDATES}. */
    private Set<Integer> candidates(int[] query) {
        Integer[] byRarity = Arrays.stream(query).boxed().toArray(Integer[]::new);
        Arrays.sort(byRarity, Comparator.comparingInt(f -> postings[f].length));
        Set<Integer> candidates = new LinkedHashSet<>();
        for (int f : byRarity) {
            int[] posting = postings[f];
            if (!candidates.isEmpty() && candidates.size() + posting.length > MAX_CANDIDATES) {
                break;
            }
            for (int i = 0; i < posting.length && candidates.size() < MAX_CANDIDATES; i++) {
                candidates.add(posting[i]);
            }
        }
        return candidates;
    }

    private double dot(int[] a, int[] b) {
        double sum = 0.0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                sum += weights[a[i]] * weights[a[i]];
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }

    /** The ids of the item's features that the index knows, ascending. */
    private int[] featureIds(Item item) {
        return features(item).stream().map(featureIds::get).filter(id -> id != null).mapToInt(Integer::intValue)
                .sorted().toArray();
    }

    /** Every level of the category path (as its prefix), the brand, and each short attribute value, lower-cased. */
    static Set<String> features(Item item) {
        Set<String> features = new HashSet<>();
        StringBuilder path = new StringBuilder("c");
        for (String level : item.categoryPath()) {
            path.append(SEPARATOR).append(level.toLowerCase(Locale.ROOT));
            features.add(path.toString());
        }
        if (item.brand() != null) {
            features.add("b" + SEPARATOR + item.brand().toLowerCase(Locale.ROOT));
        }
        item.attributes().forEach((key, value) -> {
            if (value.length() <= MAX_VALUE_LENGTH) {
                features.add(ATTRIBUTE + SEPARATOR + key.toLowerCase(Locale.ROOT) + SEPARATOR
                        + value.toLowerCase(Locale.ROOT));
            }
        });
        return features;
    }

    /** An item and its content similarity, in (0, 1]. */
    record Match(ItemId item, double score) {
    }
}
