package io.shelfwise.benchmarks;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Rank i (0 the most frequent) drawn with probability proportional to 1 / (i + 1)^s. */
final class ZipfSampler {
    private final double[] cumulative;

    ZipfSampler(int n, double s) {
        cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    int sample(RandomGenerator random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }
}
