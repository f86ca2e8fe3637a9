package io.shelfwise.recommendation.evaluation;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingMetricsTest {
    private static final double EPSILON = 1e-9;
    /** 1 / log2(3), the worth of a hit at rank 2. */
    private static final double RANK_2 = 0.6309297535714574;
    /** 1 / log2(4) = 1/2, rank 3. */
    private static final double RANK_3 = 0.5;
    /** 1 / log2(5), rank 4. */
    private static final double RANK_4 = 0.43067655807339306;

    private static final List<String> RANKED = List.of("a", "b", "c", "d");
    private static final Set<String> RELEVANT = Set.of("b", "d", "x");

    @Test
    void recall_is_the_share_of_targets_found_in_the_first_k() {
        assertEquals(2.0 / 3, RankingMetrics.recall(RANKED, RELEVANT, 4), EPSILON);
        assertEquals(1.0 / 2, RankingMetrics.recall(RANKED, RELEVANT, 2), EPSILON, "1 of the 2 targets 2 slots hold");
        assertEquals(0.0, RankingMetrics.recall(RANKED, RELEVANT, 1), EPSILON);
    }

    @Test
    void recall_divides_by_the_targets_a_list_of_k_can_hold() {
        assertEquals(1.0, RankingMetrics.recall(List.of("a", "b"), Set.of("a", "b", "c"), 2), EPSILON,
                "two slots, both targets: nothing better was possible");
        assertEquals(1.0 / 2, RankingMetrics.recall(List.of("a", "z"), Set.of("a", "b", "c"), 2), EPSILON);
        assertEquals(1.0 / 3, RankingMetrics.recall(List.of("a", "z", "y", "w"), Set.of("a", "b", "c"), 4), EPSILON,
                "more slots than targets: divided by the targets");
    }

    @Test
    void ndcg_discounts_hits_by_log_rank_against_the_list_that_puts_every_target_first() {
        // Hits at ranks 2 and 4; three targets, so the ideal list has hits at ranks 1, 2, 3.
        double expected = (RANK_2 + RANK_4) / (1.0 + RANK_2 + RANK_3);
        assertEquals(expected, RankingMetrics.ndcg(RANKED, RELEVANT, 4), EPSILON);
        assertEquals(0.4981893, RankingMetrics.ndcg(RANKED, RELEVANT, 4), 1e-6);
    }

    @Test
    void ndcg_ideal_is_cut_at_k() {
        // At k = 2 only the hit at rank 2 counts, and the ideal holds two hits, not three.
        assertEquals(RANK_2 / (1.0 + RANK_2), RankingMetrics.ndcg(RANKED, RELEVANT, 2), EPSILON);
        assertEquals(1.0, RankingMetrics.ndcg(List.of("a", "b"), Set.of("a", "b", "c"), 2), EPSILON);
    }

    @Test
    void ndcg_of_a_perfect_list_is_one_and_of_a_list_without_hits_zero() {
        assertEquals(1.0, RankingMetrics.ndcg(List.of("b", "d", "x", "a"), RELEVANT, 4), EPSILON);
        assertEquals(0.0, RankingMetrics.ndcg(List.of("a", "c"), RELEVANT, 4), EPSILON);
    }

    @Test
    void reciprocal_rank_is_one_over_the_rank_of_the_first_hit_within_k() {
        assertEquals(0.5, RankingMetrics.reciprocalRank(RANKED, RELEVANT, 4), EPSILON);
        assertEquals(1.0, RankingMetrics.reciprocalRank(List.of("d", "b"), RELEVANT, 4), EPSILON);
        assertEquals(0.0, RankingMetrics.reciprocalRank(RANKED, RELEVANT, 1), EPSILON);
        assertEquals(0.0, RankingMetrics.reciprocalRank(List.of(), RELEVANT, 4), EPSILON);
    }

    @Test
    void coverage_counts_distinct_catalog_items_in_the_first_k_of_every_list() {
        Set<String> catalog = Set.of("a", "b", "c", "d", "e");
        List<List<String>> lists = List.of(List.of("a", "b", "e"), List.of("b", "c", "zzz"));
        // k = 2: {a, b} and {b, c} -> 3 of 5; "e" sits at rank 3 and "zzz" is not in the catalog.
        assertEquals(0.6, RankingMetrics.coverage(lists, catalog, 2), EPSILON);
        assertEquals(0.8, RankingMetrics.coverage(lists, catalog, 3), EPSILON);
    }

    @Test
    void accumulator_averages_over_lists_and_pools_coverage() {
        RankingMetrics.Accumulator<String> metrics = new RankingMetrics.Accumulator<>(2, Set.of("a", "b", "c", "d"));
        metrics.add(List.of("a", "b"), Set.of("a"));
        metrics.add(List.of("c", "a"), Set.of("a", "d"));

        RankingMetrics.Summary summary = metrics.summary();

        assertEquals(2, summary.lists());
        assertEquals((1.0 + 0.5) / 2, summary.recall(), EPSILON);
        assertEquals((1.0 + RANK_2 / (1.0 + RANK_2)) / 2, summary.ndcg(), EPSILON);
        assertEquals((1.0 + 0.5) / 2, summary.mrr(), EPSILON);
        assertEquals(3.0 / 4, summary.coverage(), EPSILON);
    }

    @Test
    void novelty_is_the_mean_self_information_of_each_list_averaged_over_lists_and_unmeasured_without_it() {
        java.util.Map<String, Double> information = java.util.Map.of("a", 1.0, "b", 3.0, "c", 5.0);
        RankingMetrics.Accumulator<String> accumulator = new RankingMetrics.Accumulator<>(2, Set.of("a", "b", "c"),
                information::get);
        accumulator.add(List.of("a", "b", "c"), Set.of("a"));   // cut at K = 2: (1 + 3) / 2
        accumulator.add(List.of("c"), Set.of("a"));             // 5
        accumulator.add(List.of(), Set.of("a"));                // shows nothing: no novelty either way

        assertEquals((2.0 + 5.0) / 2, accumulator.summary().novelty(), EPSILON);
        RankingMetrics.Accumulator<String> without = new RankingMetrics.Accumulator<>(2, Set.of("a"));
        without.add(List.of("a"), Set.of("a"));
        assertTrue(Double.isNaN(without.summary().novelty()));
    }

    @Test
    void accumulator_without_lists_reports_zeros() {
        assertEquals(new RankingMetrics.Summary(0, 0, 0, 0, 0),
                new RankingMetrics.Accumulator<>(20, Set.of("a")).summary());
    }

    @Test
    void a_list_cannot_be_scored_without_targets_or_with_k_below_one() {
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.recall(RANKED, Set.of(), 4));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.ndcg(RANKED, RELEVANT, 0));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.coverage(List.of(), Set.of(), 4));
    }
}
