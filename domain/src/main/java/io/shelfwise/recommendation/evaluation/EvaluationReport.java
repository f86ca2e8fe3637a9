package io.shelfwise.recommendation.evaluation;

import io.shelfwise.recommendation.ranking.Surface;
import java.util.Objects;

/**
 * How one model did on one surface: mean Recall@K, NDCG@K and MRR@K over {@code queries} queries, and the share of
 * in-stock catalog items it recommended at least once (formulas in {@link RankingMetrics}).
 */
public record EvaluationReport(String model, Surface surface, int k, int queries, double recall, double ndcg,
                               double mrr, double coverage) {
    public EvaluationReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(surface, "surface");
    }

    static EvaluationReport of(String model, Surface surface, int k, RankingMetrics.Summary summary) {
        return new EvaluationReport(model, surface, k, summary.lists(), summary.recall(), summary.ndcg(),
                summary.mrr(), summary.coverage());
    }
}
