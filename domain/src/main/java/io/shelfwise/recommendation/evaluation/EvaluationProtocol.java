package io.shelfwise.recommendation.evaluation;

import io.shelfwise.recommendation.ranking.Session;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of an offline evaluation.
 *
 * @param k                     list length the metrics are computed at
 * @param sessionGap            pause that ends a session (see {@link Session})
 * @param maxQueriesPerSurface  cap on queries per surface, so a large tenant's gate stays within its time budget;
 *                              above it a seeded sample is drawn
 * @param samplingSeed          seed of that sample, so two candidates are compared on the same queries
 */
public record EvaluationProtocol(int k, Duration sessionGap, int maxQueriesPerSurface, long samplingSeed) {
    public static final int DEFAULT_K = 20;

    public EvaluationProtocol {
        Objects.requireNonNull(sessionGap, "sessionGap");
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        if (sessionGap.isNegative() || sessionGap.isZero()) {
            throw new IllegalArgumentException("sessionGap must be positive");
        }
        if (maxQueriesPerSurface < 1) {
            throw new IllegalArgumentException("maxQueriesPerSurface must be at least 1");
        }
    }

    /** K 20, 30-minute sessions, every query. */
    public static EvaluationProtocol defaults() {
        return new EvaluationProtocol(DEFAULT_K, Session.DEFAULT_GAP, Integer.MAX_VALUE, 0L);
    }

    public EvaluationProtocol withK(int newK) {
        return new EvaluationProtocol(newK, sessionGap, maxQueriesPerSurface, samplingSeed);
    }
}
