package io.shelfwise.recommendation.evaluation;

import io.shelfwise.recommendation.ranking.Surface;
import java.util.Objects;

/**
 * How one model did on one surface: mean Recall@K, NDCG@K and MRR@K over {@code queries} queries, the share of
 * in-stock catalog items it recommended at least once, and the mean Novelty@K of its lists (formulas in
 * {@link RankingMetrics}; NaN where not measured, such as a report read back from a stored model version).
 */
public record EvaluationReport(String model, Surface surface, int k, int queries, double recall, double ndcg,
                               double mrr, double coverage, double novelty) {
    public EvaluationReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(surface, "surface");
    }

    /** A report without novelty. */
    public EvaluationReport(String model, Surface surface, int k, int queries, double recall, double ndcg,
                            double mrr, double coverage) {
        this(model, surface, k, queries, recall, ndcg, mrr, coverage, Double.NaN);
    }

    static EvaluationReport of(String model, Surface surface, int k, RankingMetrics.Summary summary) {
        return new EvaluationReport(model, surface, k, summary.lists(), summary.recall(), summary.ndcg(),
                summary.mrr(), summary.coverage(), summary.novelty());
    }
}
