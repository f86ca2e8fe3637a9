package io.shelfwise.recommendation.registry;

import io.shelfwise.recommendation.evaluation.EvaluationReport;
import java.util.List;
import java.util.Objects;

/**
 * The evaluation gate's verdict on a candidate: both models scored on the same held-out days, every surface's
 * metrics, and the decision on the gate's metric.
 *
 * @param opponent       what the candidate had to beat: {@code popularity} for a tenant's first model, else
 *                       {@code v<N>}, the active version
 * @param metric         the deciding metric, e.g. {@code mean NDCG@20 of home and cart}
 * @param candidateScore the candidate's value of {@code metric}
 * @param opponentScore  the opponent's value of {@code metric}
 * @param margin         the relative lead required: 0.02 means 2 % above the opponent
 * @param passed         whether the candidate led by at least the margin
 * @param reason         the decision in words
 * @param reports        Recall, NDCG, MRR and coverage per surface, of the candidate (model {@code candidate}) and
 *                       of the opponent (model {@code opponent})
 */
public record GateResult(String opponent, String metric, double candidateScore, double opponentScore, double margin,
                         boolean passed, String reason, List<EvaluationReport> reports) {
    public static final String CANDIDATE = "candidate";
    public static final String OPPONENT = "opponent";

    public GateResult {
        Objects.requireNonNull(opponent, "opponent");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(reason, "reason");
        reports = List.copyOf(reports);
    }
}
