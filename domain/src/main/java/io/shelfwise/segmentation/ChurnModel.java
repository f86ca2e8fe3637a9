package io.shelfwise.segmentation;

import java.util.Arrays;
import java.util.List;

/**
 * A logistic churn model over standardised features: {@code p = sigmoid(bias + sum(w_i * (x_i - mean_i) / scale_i))}.
 */
public record ChurnModel(List<String> featureNames, double[] means, double[] scales, double[] weights, double bias) {
    public ChurnModel {
        featureNames = List.copyOf(featureNames);
        int n = featureNames.size();
        if (means.length != n || scales.length != n || weights.length != n) {
            throw new IllegalArgumentException("means, scales and weights need one value per feature (" + n + ")");
        }
        means = means.clone();
        scales = scales.clone();
        weights = weights.clone();
        if (Arrays.stream(scales).anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("scales must be positive");
        }
    }

    /** The probability that the shopper with these features churns. */
    public double probability(double[] features) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (features[i] - means[i]) / scales[i];
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
