package io.shelfwise.datasets;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws one of a fixed set of values with probability proportional to its weight, in O(log n). */
final class WeightedChoice {
    private final int[] values;
    private final double[] cumulative;

    /** {@code weights[i]} is the weight of {@code values[i]}; the weights must be non-negative, their sum positive. */
    WeightedChoice(int[] values, double[] weights) {
        if (values.length != weights.length || values.length == 0) {
            throw new IllegalArgumentException("need as many weights as values, and at least one");
        }
        this.values = values.clone();
        this.cumulative = new double[weights.length];
        double sum = 0.0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0.0)) {
                throw new IllegalArgumentException("weights must be non-negative");
            }
            sum += weights[i];
            cumulative[i] = sum;
        }
        if (!(sum > 0.0)) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
    }

    int next(SplittableRandom random) {
        double r = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, r);
        // binarySearch gives -(insertion point) - 1 when r falls between two sums: the value whose range holds r.
        i = i < 0 ? -i - 1 : i + 1;
        // Skips zero-weight values (equal sums) and guards the upper edge.
        while (i < cumulative.length - 1 && (i > 0 ? cumulative[i] - cumulative[i - 1] : cumulative[i]) == 0.0) {
            i++;
        }
        return values[Math.min(i, values.length - 1)];
    }

    double totalWeight() {
        return cumulative[cumulative.length - 1];
    }
}
