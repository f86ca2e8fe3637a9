package io.shelfwise.recommendation.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.recommendation.registry.GateResult.Choice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each surface serves the best of the model's blend, co-occurrence, bestsellers and the EASE item model on the gate's
 * held-out days.
 */
class GateResultTest {
    private static EvaluationReport report(String model, Surface surface, double ndcg) {
        return new EvaluationReport(model, surface, 20, 100, ndcg, ndcg, ndcg, 0.1);
    }

    @Test
    void a_surface_where_the_model_loses_to_bestsellers_serves_the_best_of_the_others() {
        List<EvaluationReport> reports = List.of(
                report(GateResult.CANDIDATE, Surface.HOME, 0.060), report(GateResult.OPPONENT, Surface.HOME, 0.062),
                report(GateResult.COOCCURRENCE, Surface.HOME, 0.050),
                report(GateResult.CANDIDATE, Surface.CART, 0.200), report(GateResult.OPPONENT, Surface.CART, 0.090),
                report(GateResult.COOCCURRENCE, Surface.CART, 0.150),
                report(GateResult.CANDIDATE, Surface.SIMILAR, 0.030), report(GateResult.OPPONENT, Surface.SIMILAR, 0.020),
                report(GateResult.COOCCURRENCE, Surface.SIMILAR, 0.040));

        assertEquals(Map.of(Surface.HOME, Choice.POPULARITY, Surface.CART, Choice.MODEL,
                Surface.SIMILAR, Choice.COOCCURRENCE), GateResult.choices("popularity", reports, 0.02));
    }

    @Test
    void against_an_active_version_bestsellers_are_the_popularity_reports_and_ties_go_to_the_simpler_list() {
        List<EvaluationReport> reports = List.of(
                report(GateResult.CANDIDATE, Surface.HOME, 0.070), report(GateResult.OPPONENT, Surface.HOME, 0.010),
                report(GateResult.POPULARITY, Surface.HOME, 0.070), report(GateResult.COOCCURRENCE, Surface.HOME, 0.065),
                report(GateResult.CANDIDATE, Surface.CART, 0.100), report(GateResult.OPPONENT, Surface.CART, 0.500),
                report(GateResult.POPULARITY, Surface.CART, 0.050), report(GateResult.COOCCURRENCE, Surface.CART, 0.100));

        Map<Surface, Choice> choices = GateResult.choices("v3", reports, 0.02);

        assertEquals(Choice.POPULARITY, choices.get(Surface.HOME), "a tie with bestsellers serves bestsellers");
        assertEquals(Choice.COOCCURRENCE, choices.get(Surface.CART), "a tie with co-occurrence serves co-occurrence");
        assertEquals(Choice.MODEL, choices.get(Surface.SIMILAR), "not measured: the model serves");
    }

    @Test
    void where_the_item_model_beats_the_others_on_a_surface_that_surface_serves_it_and_the_version_needs_it() {
        List<EvaluationReport> reports = List.of(
                report(GateResult.CANDIDATE, Surface.HOME, 0.300), report(GateResult.OPPONENT, Surface.HOME, 0.100),
                report(GateResult.COOCCURRENCE, Surface.HOME, 0.200),
                report(GateResult.CANDIDATE, Surface.CART, 0.200), report(GateResult.OPPONENT, Surface.CART, 0.050),
                report(GateResult.COOCCURRENCE, Surface.CART, 0.150), report(GateResult.EASE, Surface.CART, 0.200),
                report(GateResult.CANDIDATE, Surface.SIMILAR, 0.150), report(GateResult.OPPONENT, Surface.SIMILAR,
                        0.050), report(GateResult.COOCCURRENCE, Surface.SIMILAR, 0.160),
                report(GateResult.EASE, Surface.SIMILAR, 0.180));

        assertEquals(Map.of(Surface.HOME, Choice.MODEL, Surface.CART, Choice.EASE, Surface.SIMILAR, Choice.EASE),
                GateResult.choices("popularity", reports, 0.02), "a tie between the item model and the blend serves the "
                        + "item model's list, the simpler one");
        GateResult gate = new GateResult("popularity", "m", 0.25, 0.075, 0.02, true, "ok", reports);
        assertEquals(true, gate.usesItemModel());
        assertEquals(false, new GateResult("popularity", "m", 0.25, 0.075, 0.02, true, "ok", reports.stream()
                .filter(r -> !r.model().equals(GateResult.EASE)).toList()).usesItemModel());
        assertEquals("ease", Choice.EASE.wireName());
    }

    @Test
    void a_learned_list_serves_a_surface_only_where_it_leads_the_simpler_lists_by_the_margin() {
        List<EvaluationReport> reports = List.of(
                report(GateResult.CANDIDATE, Surface.HOME, 0.4442), report(GateResult.OPPONENT, Surface.HOME, 0.1669),
                report(GateResult.COOCCURRENCE, Surface.HOME, 0.4377),
                report(GateResult.CANDIDATE, Surface.CART, 0.210), report(GateResult.OPPONENT, Surface.CART, 0.050),
                report(GateResult.COOCCURRENCE, Surface.CART, 0.200), report(GateResult.EASE, Surface.CART, 0.205),
                report(GateResult.CANDIDATE, Surface.SIMILAR, 0.150), report(GateResult.OPPONENT, Surface.SIMILAR,
                        0.050), report(GateResult.COOCCURRENCE, Surface.SIMILAR, 0.140));

        assertEquals(Map.of(Surface.HOME, Choice.COOCCURRENCE, Surface.CART, Choice.MODEL, Surface.SIMILAR,
                Choice.MODEL), GateResult.choices("popularity", reports, 0.02), "home: +1.5 % is within the 2 % "
                + "margin; cart: the blend leads by 5 %, EASE by 2.5 % only, so the better of the two serves");
        assertEquals(Choice.MODEL, GateResult.choices("popularity", reports, 0.0).get(Surface.HOME),
                "without a margin any lead serves");
        assertEquals(Choice.COOCCURRENCE, new GateResult("popularity", "m", 0.3, 0.1, 0.1, true, "ok", reports)
                .choices().get(Surface.CART), "a version's own margin: 10 %");
    }

    @Test
    void a_version_evaluated_before_per_surface_choices_serves_everywhere() {
        GateResult old = new GateResult("popularity", "mean NDCG@20 of home and cart", 0.1, 0.05, 0.02, true, "ok",
                List.of(report(GateResult.CANDIDATE, Surface.HOME, 0.01), report(GateResult.OPPONENT, Surface.HOME,
                        0.02)));

        assertEquals(Choice.POPULARITY, old.choices().get(Surface.HOME), "popularity reports suffice to compare");
        assertEquals(Choice.MODEL, old.choices().get(Surface.CART));
    }

    @Test
    void without_a_model_each_surface_serves_the_better_of_cooccurrence_and_bestsellers() {
        GateResult rejected = new GateResult("v2", "mean NDCG@20 of home and cart", 0.1, 0.2, 0.02, false, "no",
                List.of(report(GateResult.POPULARITY, Surface.HOME, 0.08), report(GateResult.COOCCURRENCE, Surface.HOME,
                        0.05), report(GateResult.POPULARITY, Surface.CART, 0.05),
                        report(GateResult.COOCCURRENCE, Surface.CART, 0.09),
                        report(GateResult.OPPONENT, Surface.SIMILAR, 0.5)));

        assertEquals(Map.of(Surface.HOME, Choice.POPULARITY, Surface.CART, Choice.COOCCURRENCE,
                Surface.SIMILAR, Choice.COOCCURRENCE), rejected.choicesWithoutModel(),
                "the opponent v2 is a model, not the bestsellers; similar was not measured");
    }
}
