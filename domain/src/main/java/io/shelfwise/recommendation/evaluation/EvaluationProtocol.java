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
 * @param historyEvents         a query's history is the shopper's latest this many training events, as serving
 *                              reads a shopper's latest {@value #SERVED_HISTORY_EVENTS} events
 */
public record EvaluationProtocol(int k, Duration sessionGap, int maxQueriesPerSurface, long samplingSeed,
                                 int historyEvents) {
    public static final int DEFAULT_K = 20;
    /** The events of a shopper serving ranks from. */
    public static final int SERVED_HISTORY_EVENTS = io.shelfwise.events.RecentActivity.DEPTH;

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
        if (historyEvents < 1) {
            throw new IllegalArgumentException("historyEvents must be at least 1");
        }
    }

    /** Histories of the events serving reads. */
    public EvaluationProtocol(int k, Duration sessionGap, int maxQueriesPerSurface, long samplingSeed) {
        this(k, sessionGap, maxQueriesPerSurface, samplingSeed, SERVED_HISTORY_EVENTS);
    }

    /** K 20, 30-minute sessions, every query, histories of the events serving reads. */
    public static EvaluationProtocol defaults() {
        return new EvaluationProtocol(DEFAULT_K, Session.DEFAULT_GAP, Integer.MAX_VALUE, 0L);
    }

    public EvaluationProtocol withK(int newK) {
        return new EvaluationProtocol(newK, sessionGap, maxQueriesPerSurface, samplingSeed, historyEvents);
    }

    /** The same with histories of each shopper's latest {@code events} training events. */
    public EvaluationProtocol withHistoryEvents(int events) {
        return new EvaluationProtocol(k, sessionGap, maxQueriesPerSurface, samplingSeed, events);
    }
}
