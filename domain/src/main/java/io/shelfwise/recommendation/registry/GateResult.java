package io.shelfwise.recommendation.registry;

import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.Surface;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 *                       of the opponent (model {@code opponent}); the home recipes the gate tried are named
 *                       {@code candidate home: <recipe>}
 * @param home           how the candidate's home list is composed (taste, recent items): the recipe that led on
 *                       the tenant's held-out days; {@link HomeRecipe#WITHOUT_TASTE} for versions evaluated before
 *                       recipes were chosen
 * @param surfaceMargin  whether a learned list needs to lead the simpler lists by {@code margin} to serve a surface
 *                       ({@link #choices()}): true for versions evaluated since 2026-12-07; an older version keeps the
 *                       per-surface choices it was promoted with (any lead)
 */
public record GateResult(String opponent, String metric, double candidateScore, double opponentScore, double margin,
                         boolean passed, String reason, List<EvaluationReport> reports, HomeRecipe home,
                         boolean surfaceMargin) {
    public static final String CANDIDATE = "candidate";
    public static final String OPPONENT = "opponent";
    /** The reports of popularity (bestsellers) when it is not the opponent. */
    public static final String POPULARITY = "popularity";
    /** The reports of co-occurrence alone, what a surface serves without a learned model. */
    public static final String COOCCURRENCE = "cooccurrence";
    /**
     * The reports of the candidate's EASE item model on cart and product page, topped up by co-occurrence
     * ({@code ServingBlend.itemModelFirst}); absent where no item model was learned.
     */
    public static final String EASE = "ease";
    /** Rows of the factor model's tuning: {@code tuning: 16 factors, penalty 0.3}, blended as it would serve. */
    public static final String TUNING_PREFIX = "tuning: ";

    /**
     * What a surface serves once this candidate is active: the learned blend, co-occurrence, bestsellers, or (cart
     * and product page) the EASE item model's list topped up by co-occurrence.
     */
    public enum Choice {
        MODEL, COOCCURRENCE, POPULARITY, EASE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public GateResult {
        Objects.requireNonNull(opponent, "opponent");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(reason, "reason");
        reports = List.copyOf(reports);
        Objects.requireNonNull(home, "home");
    }

    /** A verdict of this release: a learned list serves a surface only where it leads by the margin. */
    public GateResult(String opponent, String metric, double candidateScore, double opponentScore, double margin,
                      boolean passed, String reason, List<EvaluationReport> reports, HomeRecipe home) {
        this(opponent, metric, candidateScore, opponentScore, margin, passed, reason, reports, home, true);
    }

    /** A verdict whose home list is composed as before recipes were chosen ({@link HomeRecipe#WITHOUT_TASTE}). */
    public GateResult(String opponent, String metric, double candidateScore, double opponentScore, double margin,
                      boolean passed, String reason, List<EvaluationReport> reports) {
        this(opponent, metric, candidateScore, opponentScore, margin, passed, reason, reports,
                HomeRecipe.WITHOUT_TASTE);
    }

    /** The name of the report of the candidate's home list composed as {@code recipe}. */
    public static String homeRecipeReport(HomeRecipe recipe) {
        return CANDIDATE + " home: " + recipe.describe();
    }

    /**
     * Per surface, what serves on the held-out days (NDCG@K): the better of popularity and co-occurrence (a tie goes
     * to popularity), unless the better of the learned lists, the candidate's blend and (where it was scored) the
     * EASE item model (a tie goes to EASE), beats it by this gate's margin too, so that no surface serves a list
     * that lost to bestsellers there, nor a learned model whose lead is within noise. A surface the gate could not
     * measure (no queries, or a version evaluated before per-surface choices) keeps the model.
     */
    public Map<Surface, Choice> choices() {
        return choices(opponent, reports, surfaceMargin ? margin : 0.0);
    }

    /**
     * Per surface, the better of co-occurrence and popularity on this gate's held-out days: what a tenant without an
     * active model serves once a candidate was evaluated (and rejected). A surface not measured keeps co-occurrence.
     */
    public Map<Surface, Choice> choicesWithoutModel() {
        Map<Surface, Choice> choices = new EnumMap<>(Surface.class);
        String popularity = popularityReports(opponent);
        for (Surface surface : Surface.values()) {
            Optional<EvaluationReport> cooccurrence = report(reports, COOCCURRENCE, surface);
            Optional<EvaluationReport> popular = report(reports, popularity, surface);
            boolean bestsellersWin = cooccurrence.isPresent() && popular.isPresent() && cooccurrence.get().queries() > 0
                    && popular.get().ndcg() >= cooccurrence.get().ndcg();
            choices.put(surface, bestsellersWin ? Choice.POPULARITY : Choice.COOCCURRENCE);
        }
        return choices;
    }

    /** {@link #choices()} of a gate against {@code opponent} that wrote {@code reports}, with {@code margin}. */
    public static Map<Surface, Choice> choices(String opponent, List<EvaluationReport> reports, double margin) {
        Map<Surface, Choice> choices = new EnumMap<>(Surface.class);
        String popularity = popularityReports(opponent);
        for (Surface surface : Surface.values()) {
            Optional<EvaluationReport> model = report(reports, CANDIDATE, surface);
            Optional<EvaluationReport> popular = report(reports, popularity, surface);
            if (model.isEmpty() || popular.isEmpty() || model.get().queries() == 0) {
                choices.put(surface, Choice.MODEL);
                continue;
            }
            double simple = popular.get().ndcg();
            Choice choice = Choice.POPULARITY;
            Optional<EvaluationReport> cooccurrence = report(reports, COOCCURRENCE, surface);
            if (cooccurrence.isPresent() && cooccurrence.get().ndcg() > simple) {
                simple = cooccurrence.get().ndcg();
                choice = Choice.COOCCURRENCE;
            }
            Choice learned = Choice.MODEL;
            double learnedScore = model.get().ndcg();
            Optional<EvaluationReport> ease = report(reports, EASE, surface);
            if (ease.isPresent() && ease.get().ndcg() >= learnedScore) {
                learned = Choice.EASE;
                learnedScore = ease.get().ndcg();
            }
            if (learnedScore > simple && learnedScore >= simple * (1 + margin)) {
                choice = learned;
            }
            choices.put(surface, choice);
        }
        return choices;
    }

    /** Whether a version with this verdict serves from its EASE item model, on home or on another surface. */
    public boolean usesItemModel() {
        return home.learner() == HomeRecipe.Learner.EASE || choices().containsValue(Choice.EASE);
    }

    /** The model name of the bestsellers' reports: the opponent's against a first model, else their own. */
    private static String popularityReports(String opponent) {
        return opponent.equals(POPULARITY) ? OPPONENT : POPULARITY;
    }

    private static Optional<EvaluationReport> report(List<EvaluationReport> reports, String model, Surface surface) {
        return reports.stream().filter(r -> r.model().equals(model) && r.surface() == surface).findFirst();
    }
}
