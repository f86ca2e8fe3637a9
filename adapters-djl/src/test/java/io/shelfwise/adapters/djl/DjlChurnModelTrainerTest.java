package io.shelfwise.adapters.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.segmentation.ChurnExamples;
import io.shelfwise.segmentation.ChurnModel;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DjlChurnModelTrainerTest {

    private static final List<String> NAMES = List.of("days_since_last_order", "orders_last_year", "average_basket");
    // Per raw unit; per standard deviation (about 35, 4.3 and 15) roughly +1.0, -1.1 and -0.3.
    private static final double[] TRUE_WEIGHTS = {0.03, -0.25, -0.02};
    private static final double[] TRUE_CENTRES = {60, 7, 45};

    private final DjlChurnModelTrainer trainer = new DjlChurnModelTrainer();

    @Test
    void the_fitted_model_ranks_held_out_shoppers_almost_as_well_as_the_true_model_and_finds_each_weights_sign() {
        Shoppers training = Shoppers.generate(5_000, 1);
        Shoppers heldOut = Shoppers.generate(5_000, 2);

        ChurnModel model = trainer.train(training.examples(NAMES));

        double fitted = auc(heldOut.scores(model::probability), heldOut.churned());
        double truth = auc(heldOut.scores(Shoppers::trueProbability), heldOut.churned());
        assertTrue(Math.abs(fitted - truth) <= 0.02, "fitted AUC " + fitted + ", true model's AUC " + truth);
        for (int j = 0; j < TRUE_WEIGHTS.length; j++) {
            assertEquals(Math.signum(TRUE_WEIGHTS[j]), Math.signum(model.weights()[j]),
                    NAMES.get(j) + ": fitted " + Arrays.toString(model.weights()));
        }
    }

    @Test
    void a_feature_that_never_varies_gets_scale_one_and_weight_zero_and_leaves_the_others_as_they_were() {
        Shoppers shoppers = Shoppers.generate(5_000, 1);
        double[][] withConstant = Arrays.stream(shoppers.features())
                .map(row -> new double[] {row[0], row[1], 0.1, row[2]})
                .toArray(double[][]::new);
        List<String> names = List.of(NAMES.get(0), NAMES.get(1), "country_code", NAMES.get(2));

        ChurnModel plain = trainer.train(shoppers.examples(NAMES));
        ChurnModel model = trainer.train(new ChurnExamples(names, withConstant, shoppers.churned()));

        assertEquals(0.1, model.means()[2]);
        assertEquals(1.0, model.scales()[2]);
        assertEquals(0.0, model.weights()[2]);
        double[] others = {model.weights()[0], model.weights()[1], model.weights()[3]};
        assertArrayEquals(plain.weights(), others, 1e-9);
        assertEquals(plain.bias(), model.bias(), 1e-9);
    }

    @Test
    void shoppers_who_all_churned_get_the_base_rate_and_no_weights() {
        Shoppers shoppers = Shoppers.generate(500, 3);
        boolean[] all = new boolean[500];
        Arrays.fill(all, true);

        ChurnModel model = trainer.train(new ChurnExamples(NAMES, shoppers.features(), all));

        assertArrayEquals(new double[3], model.weights());
        for (double[] row : shoppers.features()) {
            assertEquals(1.0, model.probability(row), 1e-5);
        }
    }

    @Test
    void shoppers_who_all_stayed_get_a_churn_probability_of_about_zero() {
        Shoppers shoppers = Shoppers.generate(500, 3);

        ChurnModel model = trainer.train(new ChurnExamples(NAMES, shoppers.features(), new boolean[500]));

        assertArrayEquals(new double[3], model.weights());
        assertEquals(0.0, model.probability(shoppers.features()[0]), 1e-5);
    }

    @Test
    void without_features_every_shopper_gets_the_churn_rate() {
        boolean[] churned = new boolean[1_000];
        Arrays.fill(churned, 0, 300, true);

        ChurnModel model = trainer.train(new ChurnExamples(List.of(), new double[1_000][0], churned));

        assertEquals(0.3, model.probability(new double[0]), 1e-9);
    }

    @Test
    void the_returned_model_gives_the_probabilities_that_the_trained_ndarray_model_computed() {
        Shoppers shoppers = Shoppers.generate(5_000, 4);

        DjlChurnModelTrainer.Fit fit = trainer.fit(shoppers.examples(NAMES));

        for (int row : new int[] {0, 17, 1_234, 4_999}) {
            assertEquals(fit.probabilities()[row], fit.model().probability(shoppers.features()[row]), 1e-12,
                    "row " + row);
        }
    }

    @Test
    void the_fit_converges_in_a_few_steps_and_a_single_step_leaves_a_higher_loss() {
        ChurnExamples examples = Shoppers.generate(5_000, 5).examples(NAMES);

        DjlChurnModelTrainer.Fit converged = trainer.fit(examples);
        DjlChurnModelTrainer.Fit oneStep = new DjlChurnModelTrainer(DjlChurnModelTrainer.DEFAULT_L2, 1,
                DjlChurnModelTrainer.DEFAULT_TOLERANCE).fit(examples);

        assertTrue(converged.steps() >= 2 && converged.steps() <= 15, converged.steps() + " steps");
        assertEquals(1, oneStep.steps());
        assertTrue(oneStep.loss() > converged.loss(), oneStep.loss() + " after one step, " + converged.loss());
    }

    @Test
    void the_units_of_a_feature_do_not_change_the_probabilities() {
        Shoppers shoppers = Shoppers.generate(2_000, 6);
        double[][] inCents = Arrays.stream(shoppers.features())
                .map(row -> new double[] {row[0], row[1], row[2] * 100})
                .toArray(double[][]::new);

        ChurnModel inEuros = trainer.train(shoppers.examples(NAMES));
        ChurnModel centModel = trainer.train(new ChurnExamples(NAMES, inCents, shoppers.churned()));

        assertArrayEquals(inEuros.weights(), centModel.weights(), 1e-9);
        for (int row = 0; row < 10; row++) {
            assertEquals(inEuros.probability(shoppers.features()[row]), centModel.probability(inCents[row]), 1e-9);
        }
    }

    @Test
    void labels_that_one_feature_separates_give_finite_weights_led_by_that_feature() {
        Shoppers shoppers = Shoppers.generate(2_000, 8);
        boolean[] churned = new boolean[2_000];
        for (int row = 0; row < churned.length; row++) {
            churned[row] = shoppers.features()[row][0] > 60;
        }

        DjlChurnModelTrainer.Fit fit = trainer.fit(new ChurnExamples(NAMES, shoppers.features(), churned));

        double[] weights = fit.model().weights();
        assertTrue(Arrays.stream(weights).allMatch(Double::isFinite), Arrays.toString(weights));
        // The penalty caps the leading weight, so the others keep a little say near the boundary.
        assertTrue(weights[0] > 10 * Math.max(Math.abs(weights[1]), Math.abs(weights[2])), Arrays.toString(weights));
        assertTrue(auc(shoppers.scores(fit.model()::probability), churned) > 0.999);
    }

    @Test
    void examples_without_rows_are_rejected() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(new ChurnExamples(NAMES, new double[0][], new boolean[0])));

        assertTrue(error.getMessage().contains("no rows"), error.getMessage());
    }

    @Test
    void a_feature_that_is_not_finite_is_rejected_with_its_name_and_row() {
        Shoppers shoppers = Shoppers.generate(10, 7);
        shoppers.features()[4][1] = Double.NaN;

        var error = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(shoppers.examples(NAMES)));

        assertTrue(error.getMessage().contains("orders_last_year of row 4"), error.getMessage());
    }

    @Test
    void settings_that_cannot_train_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new DjlChurnModelTrainer(0, 50, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> new DjlChurnModelTrainer(Double.NaN, 50, 1e-10));
        assertThrows(IllegalArgumentException.class,
                () -> new DjlChurnModelTrainer(Double.POSITIVE_INFINITY, 50, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> new DjlChurnModelTrainer(1e-3, 0, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> new DjlChurnModelTrainer(1e-3, 50, -1));
        assertThrows(IllegalArgumentException.class, () -> new DjlChurnModelTrainer(1e-3, 50, Double.NaN));
    }

    /**
     * The area under the ROC curve as the Mann–Whitney statistic: the share of (churner, stayer) pairs in which
     * the churner scores higher, ties counting half, from the ranks of all scores (tied scores share their mean
     * rank).
     */
    private static double auc(double[] scores, boolean[] positive) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end < order.length && scores[order[end]] == scores[order[start]]) {
                end++;
            }
            double meanRank = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++) {
                if (positive[order[k]]) {
                    positiveRankSum += meanRank;
                    positives++;
                }
            }
            start = end;
        }
        long negatives = scores.length - positives;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Shoppers with three features on different scales and labels drawn from a known logistic model. */
    private record Shoppers(double[][] features, boolean[] churned) {

        static Shoppers generate(int rows, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[][] features = new double[rows][];
            boolean[] churned = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                features[i] = new double[] {
                        random.nextDouble(0, 120),
                        random.nextInt(0, 15),
                        Math.max(1, 45 + 15 * random.nextGaussian())};
                churned[i] = random.nextDouble() < trueProbability(features[i]);
            }
            return new Shoppers(features, churned);
        }

        /** About 30% churn overall. */
        static double trueProbability(double[] row) {
            double z = -1.0;
            for (int j = 0; j < TRUE_WEIGHTS.length; j++) {
                z += TRUE_WEIGHTS[j] * (row[j] - TRUE_CENTRES[j]);
            }
            return 1 / (1 + Math.exp(-z));
        }

        ChurnExamples examples(List<String> names) {
            return new ChurnExamples(names, features, churned);
        }

        double[] scores(ToDoubleFunction<double[]> model) {
            return Arrays.stream(features).mapToDouble(model).toArray();
        }
    }
}
