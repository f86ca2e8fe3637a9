package io.shelfwise.recommendation.evaluation;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Offline ranking metrics with binary relevance, for one ranked list {@code L} against the set {@code T} of items the
 * shopper actually went for (non-empty), where {@code L@K} is the first {@code K} entries of {@code L} and
 * {@code rel(i)} is 1 when the entry at 1-based rank {@code i} is in {@code T}, else 0:
 * <ul>
 *   <li>Recall@K = |L@K ∩ T| / min(K, |T|): the share of the targets a list of K could hold, so a list that
 *       fills every slot with targets scores 1 even when there are more targets than slots (as NDCG@K's ideal
 *       list does). Figures measured before 2026-12-05 divided by |T|.</li>
 *   <li>NDCG@K = DCG@K / IDCG@K, with DCG@K = Σ_{i=1..K} rel(i) / log2(i + 1) and
 *       IDCG@K = Σ_{i=1..min(K, |T|)} 1 / log2(i + 1), the DCG of a list that puts every target first.</li>
 *   <li>RR@K = 1 / (rank of the first entry of L@K in T), or 0 when L@K holds none; MRR is its mean over lists.
 *       Lists are cut at K, so this is MRR@K.</li>
 *   <li>Catalog coverage = |∪ L@K over all lists ∩ C| / |C| for the catalog C of items that could be
 *       recommended.</li>
 *   <li>Novelty@K = the mean over L@K of an item's self-information −log2 p(i), where p(i) is the share of the
 *       training shoppers who touched item i (an item no training shopper touched counts as touched by half a
 *       shopper); averaged over the lists that hold any item. Bestsellers score low, the long tail high. Measured only when the
 *       accumulator is given p (NaN otherwise).</li>
 * </ul>
 * Recall, NDCG and MRR are averaged over lists (every list counts the same). A list must not repeat an item; the
 * {@link EvaluationHarness} refuses such lists before they reach these formulas.
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    public static <T> double recall(List<T> ranked, Set<T> relevant, int k) {
        requireTargets(relevant, k);
        int hits = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                hits++;
            }
        }
        return (double) hits / Math.min(k, relevant.size());
    }

    public static <T> double ndcg(List<T> ranked, Set<T> relevant, int k) {
        requireTargets(relevant, k);
        double dcg = 0.0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                dcg += discount(i + 1);
            }
        }
        double ideal = 0.0;
        for (int rank = 1; rank <= Math.min(k, relevant.size()); rank++) {
            ideal += discount(rank);
        }
        return dcg / ideal;
    }

    public static <T> double reciprocalRank(List<T> ranked, Set<T> relevant, int k) {
        requireTargets(relevant, k);
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0.0;
    }

    /** Share of {@code catalog} that appears in at least one list's first {@code k} entries. */
    public static <T> double coverage(Collection<? extends List<T>> lists, Set<T> catalog, int k) {
        if (catalog.isEmpty()) {
            throw new IllegalArgumentException("catalog must not be empty");
        }
        Set<T> seen = new HashSet<>();
        for (List<T> list : lists) {
            for (int i = 0; i < Math.min(k, list.size()); i++) {
                if (catalog.contains(list.get(i))) {
                    seen.add(list.get(i));
                }
            }
        }
        return (double) seen.size() / catalog.size();
    }

    /** 1 / log2(rank + 1): how much a hit at this 1-based rank is worth. */
    private static double discount(int rank) {
        return Math.log(2) / Math.log(rank + 1.0);
    }

    private static void requireTargets(Set<?> relevant, int k) {
        if (relevant.isEmpty()) {
            throw new IllegalArgumentException("a list is scored against at least one relevant item");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
    }

    /** Averages the metrics over many lists without keeping the lists. */
    public static final class Accumulator<T> {
        private final int k;
        private final Set<T> catalog;
        private final Set<T> recommended = new HashSet<>();
        private int lists;
        private double recall;
        private double ndcg;
        private double reciprocalRank;
        private final java.util.function.ToDoubleFunction<T> selfInformation;
        private double novelty;
        private int listsWithItems;

        public Accumulator(int k, Set<T> catalog) {
            this(k, catalog, null);
        }

        /** @param selfInformation an item's −log2 p(i), for Novelty@K; {@code null} leaves novelty unmeasured */
        public Accumulator(int k, Set<T> catalog, java.util.function.ToDoubleFunction<T> selfInformation) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1");
            }
            if (catalog.isEmpty()) {
                throw new IllegalArgumentException("catalog must not be empty");
            }
            this.k = k;
            this.catalog = catalog;
            this.selfInformation = selfInformation;
        }

        public void add(List<T> ranked, Set<T> relevant) {
            recall += recall(ranked, relevant, k);
            ndcg += ndcg(ranked, relevant, k);
            reciprocalRank += reciprocalRank(ranked, relevant, k);
            int shown = Math.min(k, ranked.size());
            double information = 0.0;
            for (int i = 0; i < shown; i++) {
                if (catalog.contains(ranked.get(i))) {
                    recommended.add(ranked.get(i));
                }
                if (selfInformation != null) {
                    information += selfInformation.applyAsDouble(ranked.get(i));
                }
            }
            if (shown > 0) {
                novelty += information / shown;
                listsWithItems++;
            }
            lists++;
        }

        /** The means so far; all zero before the first list. */
        public Summary summary() {
            if (lists == 0) {
                return new Summary(0, 0.0, 0.0, 0.0, 0.0, selfInformation == null ? Double.NaN : 0.0);
            }
            return new Summary(lists, recall / lists, ndcg / lists, reciprocalRank / lists,
                    (double) recommended.size() / catalog.size(),
                    selfInformation == null ? Double.NaN : listsWithItems == 0 ? 0.0 : novelty / listsWithItems);
        }
    }

    /**
     * Mean Recall@K, NDCG@K and MRR@K over {@code lists} lists, their catalog coverage, and their mean Novelty@K
     * (NaN when not measured).
     */
    public record Summary(int lists, double recall, double ndcg, double mrr, double coverage, double novelty) {
        public Summary(int lists, double recall, double ndcg, double mrr, double coverage) {
            this(lists, recall, ndcg, mrr, coverage, Double.NaN);
        }
    }
}
