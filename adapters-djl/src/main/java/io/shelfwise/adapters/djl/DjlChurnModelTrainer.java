package io.shelfwise.adapters.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.shelfwise.segmentation.ChurnExamples;
import io.shelfwise.segmentation.ChurnModel;
import io.shelfwise.segmentation.port.out.ChurnModelTrainer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Churn model fitting: L2-regularised logistic regression over standardised features, solved by Newton's method
 * with DJL's PyTorch engine on the CPU.
 *
 * <p>Each feature is centred on its mean and divided by its standard deviation (over all rows, not rows minus
 * one), so one penalty suits features counted in days, orders and euros alike, and the returned weights are per
 * standard deviation of their feature. A feature that never varies keeps its value as the mean, scale 1 and
 * weight 0. The objective is the mean log loss plus {@code l2 / 2} times the sum of squared weights; the bias is
 * not penalised, so a model whose features say nothing predicts the base rate.
 *
 * <p>Each step solves the regularised Newton system (iteratively reweighted least squares) for all weights and
 * the bias at once, halving the step until the loss falls, and fitting stops once a step lowers the loss by less
 * than the tolerance: usually within ten passes over the data. With a few dozen features at most the system is
 * tiny, whereas gradient descent at a fixed rate needs hundreds of passes and slows further on correlated
 * features. The penalty keeps the system positive definite with constant or duplicated features, and the weights
 * finite when the labels are separable.
 *
 * <p>Classes are not reweighted: every shopper counts once, so the probabilities stay calibrated to the tenant's
 * churn rate, which segments and campaign budgets read as probabilities. Balancing the classes would inflate
 * every probability when churn is rare and change the ranking little. Labels that are all the same give no slope
 * to fit: the model then has zero weights and a bias at the logit of the base rate, clamped to
 * {@code [1e-6, 1 - 1e-6]} so that it stays finite.
 *
 * <p>The arithmetic is in float64 (the features are few, so memory is {@code 8 * rows * (features + 1)} bytes),
 * which lets the returned {@link ChurnModel} reproduce the trained probabilities to rounding (2e-16 on the test
 * data). Instances hold only settings and may train several tenants at once from different threads.
 */
public final class DjlChurnModelTrainer implements ChurnModelTrainer {

    /** L2 penalty on the standardised weights: shrinks little at thousands of shoppers, enough to stay finite. */
    public static final double DEFAULT_L2 = 1e-3;
    /** Newton steps at most; the test data converge in five or six, separable labels in eight. */
    public static final int DEFAULT_MAX_STEPS = 50;
    /** A step that lowers the mean loss by less than this ends the fit. */
    public static final double DEFAULT_TOLERANCE = 1e-10;

    private static final String ENGINE = "PyTorch";
    // Keeps the bias of a single-class model finite (about ±13.8) instead of an infinite logit.
    private static final double MIN_PROBABILITY = 1e-6;
    // A Newton direction that no step of 2^-30 of its length improves means the fit is at float64 precision.
    private static final int MAX_HALVINGS = 30;
    private static final int[] ROWS = {0};

    private final double l2;
    private final int maxSteps;
    private final double tolerance;

    /** A trainer with the default penalty, step limit and tolerance. */
    public DjlChurnModelTrainer() {
        this(DEFAULT_L2, DEFAULT_MAX_STEPS, DEFAULT_TOLERANCE);
    }

    /**
     * @param l2        penalty on the squared standardised weights, added to the mean log loss after halving;
     *                  positive, so that the Newton system always has a solution
     * @param maxSteps  Newton steps at most
     * @param tolerance the smallest drop in mean loss that is worth another step (0: run until no step helps)
     */
    public DjlChurnModelTrainer(double l2, int maxSteps, double tolerance) {
        if (!(l2 > 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be positive and finite, got " + l2);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("max steps must be positive, got " + maxSteps);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be zero or positive and finite, got " + tolerance);
        }
        this.l2 = l2;
        this.maxSteps = maxSteps;
        this.tolerance = tolerance;
    }

    @Override
    public ChurnModel train(ChurnExamples examples) {
        return fit(examples).model();
    }

    /** Trains like {@link #train} and also returns what the NDArray model computed, for tests to check against. */
    Fit fit(ChurnExamples examples) {
        Objects.requireNonNull(examples, "examples");
        int rows = examples.size();
        if (rows == 0) {
            throw new IllegalArgumentException("no shoppers to train a churn model on: the examples have no rows");
        }
        int features = examples.featureNames().size();
        double[] values = flatten(examples);
        double[] labels = new double[rows];
        int churned = 0;
        for (int i = 0; i < rows; i++) {
            if (examples.churned()[i]) {
                labels[i] = 1;
                churned++;
            }
        }

        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE)) {
            NDArray raw = manager.create(values, new Shape(rows, features));
            double[] means = new double[features];
            double[] scales = new double[features];
            standardisation(raw, means, scales);
            NDArray design = raw.sub(manager.create(means)).div(manager.create(scales))
                    .concat(manager.ones(new Shape(rows, 1), DataType.FLOAT64), 1);
            Problem problem = new Problem(design, manager.create(labels, new Shape(rows, 1)), features);

            // Weights first, the bias last, matching the design's columns.
            double[] parameters = new double[features + 1];
            int steps = 0;
            if (churned == 0 || churned == rows) {
                double rate = Math.clamp((double) churned / rows, MIN_PROBABILITY, 1 - MIN_PROBABILITY);
                parameters[features] = Math.log(rate / (1 - rate));
            } else {
                steps = newton(problem, parameters);
            }

            double[] probabilities = probabilities(problem, parameters);
            ChurnModel model = new ChurnModel(examples.featureNames(), means, scales,
                    Arrays.copyOf(parameters, features), parameters[features]);
            return new Fit(model, probabilities, steps, loss(problem, parameters));
        }
    }

    /** The rows as one row-major array, refusing values that would make every probability NaN. */
    private static double[] flatten(ChurnExamples examples) {
        int features = examples.featureNames().size();
        double[] values = new double[examples.size() * features];
        for (int i = 0; i < examples.size(); i++) {
            double[] row = examples.features()[i];
            for (int j = 0; j < features; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("feature " + examples.featureNames().get(j) + " of row " + i
                            + " is not finite: " + row[j]);
                }
                values[i * features + j] = row[j];
            }
        }
        return values;
    }

    /**
     * Fills each feature's mean and standard deviation. A constant column gets its own value as the mean (the
     * computed mean can differ from it in the last bit, which division by a scale of 1 would not hide) so that
     * it standardises to exact zeros.
     */
    private static void standardisation(NDArray raw, double[] means, double[] scales) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray mean = raw.mean(ROWS);
            double[] average = mean.toDoubleArray();
            double[] deviation = raw.sub(mean).square().mean(ROWS).sqrt().toDoubleArray();
            double[] min = raw.min(ROWS).toDoubleArray();
            double[] max = raw.max(ROWS).toDoubleArray();
            for (int j = 0; j < means.length; j++) {
                boolean constant = min[j] == max[j];
                means[j] = constant ? min[j] : average[j];
                scales[j] = constant || !(deviation[j] > 0) ? 1 : deviation[j];
            }
        }
    }

    /**
     * Newton steps from {@code parameters} (updated in place) until a step gains less than the tolerance, no
     * fraction of the Newton direction lowers the loss, or the step limit is reached; returns the steps taken.
     */
    private int newton(Problem problem, double[] parameters) {
        double loss = loss(problem, parameters);
        for (int step = 1; step <= maxSteps; step++) {
            double[] direction = newtonDirection(problem, parameters);
            double[] candidate = new double[parameters.length];
            double next = Double.NaN;
            double length = 1;
            for (int halving = 0; halving <= MAX_HALVINGS; halving++, length /= 2) {
                for (int k = 0; k < parameters.length; k++) {
                    candidate[k] = parameters[k] - length * direction[k];
                }
                next = loss(problem, candidate);
                if (next <= loss) {
                    break;
                }
            }
            if (!(next <= loss)) {
                return step - 1;
            }
            System.arraycopy(candidate, 0, parameters, 0, parameters.length);
            boolean converged = loss - next < tolerance;
            loss = next;
            if (converged) {
                return step;
            }
        }
        return maxSteps;
    }

    /**
     * {@code H^-1 g} for the penalised mean log loss: {@code g = X'(p - y) / n + l2 w} and
     * {@code H = X' diag(p (1 - p)) X / n + l2 I}, with the bias row and column left unpenalised.
     */
    private double[] newtonDirection(Problem problem, double[] parameters) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDManager manager = problem.design().getManager();
            int width = parameters.length;
            double[] penalty = new double[width * width];
            for (int j = 0; j < problem.features(); j++) {
                penalty[j * width + j] = l2;
            }
            NDArray penaltyMatrix = manager.create(penalty, new Shape(width, width));
            NDArray theta = manager.create(parameters, new Shape(width, 1));
            NDArray design = problem.design();
            NDArray probability = Activation.sigmoid(design.matMul(theta));
            double rows = problem.rows();
            NDArray gradient = design.transpose().matMul(probability.sub(problem.labels())).div(rows)
                    .add(penaltyMatrix.matMul(theta));
            NDArray curvature = probability.mul(probability.neg().add(1));
            NDArray hessian = design.mul(curvature).transpose().matMul(design).div(rows).add(penaltyMatrix);
            return hessian.inverse().matMul(gradient).toDoubleArray();
        }
    }

    /**
     * The objective: mean log loss plus {@code l2 / 2 * |w|^2}. The log loss of logit {@code z} and label
     * {@code y} is {@code softplus(z) - y z}, with {@code softplus(z) = max(z, 0) + log(1 + exp(-|z|))} so that
     * no exponential overflows.
     */
    private double loss(Problem problem, double[] parameters) {
        double penalty = 0;
        for (int j = 0; j < problem.features(); j++) {
            penalty += parameters[j] * parameters[j];
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray logits = logits(problem, parameters);
            NDArray softplus = logits.maximum(0).add(logits.abs().neg().exp().add(1).log());
            return softplus.sub(problem.labels().mul(logits)).mean().getDouble() + l2 / 2 * penalty;
        }
    }

    private static double[] probabilities(Problem problem, double[] parameters) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return Activation.sigmoid(logits(problem, parameters)).toDoubleArray();
        }
    }

    private static NDArray logits(Problem problem, double[] parameters) {
        NDArray theta = problem.design().getManager().create(parameters, new Shape(parameters.length, 1));
        return problem.design().matMul(theta);
    }

    /**
     * The standardised features with a column of ones for the bias ({@code rows x (features + 1)}) and the
     * labels as 0 or 1 ({@code rows x 1}), both float64.
     */
    private record Problem(NDArray design, NDArray labels, int features) {
        long rows() {
            return design.getShape().get(0);
        }
    }

    /**
     * A trained model with what the NDArray computation gave: each training row's probability, the Newton steps
     * taken (0 when all labels were the same) and the final value of the objective.
     */
    record Fit(ChurnModel model, double[] probabilities, int steps, double loss) {
    }
}
