package io.shelfwise.recommendation.training;

/**
 * How to train a factor model.
 *
 * @param factors        vector length
 * @param epochs         passes over the data
 * @param regularization L2 penalty on the vectors
 * @param seed           for reproducible initialisation and sampling
 */
public record TrainingOptions(int factors, int epochs, float learningRate, float regularization, long seed) {
    public TrainingOptions {
        if (factors < 1 || epochs < 1 || learningRate <= 0 || regularization < 0) {
            throw new IllegalArgumentException("factors and epochs must be positive, learning rate > 0, "
                    + "regularization >= 0");
        }
    }

    /** The same epochs, learning rate and seed with another size and penalty. */
    public TrainingOptions with(int newFactors, float newRegularization) {
        return new TrainingOptions(newFactors, epochs, learningRate, newRegularization, seed);
    }

    /** E.g. {@code 32 factors, penalty 0.03}: how the gate's tuning rows name it. */
    public String describe() {
        return factors + " factors, penalty " + new java.math.BigDecimal(Float.toString(regularization))
                .stripTrailingZeros().toPlainString();
    }
}
