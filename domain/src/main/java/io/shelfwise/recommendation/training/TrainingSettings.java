package io.shelfwise.recommendation.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the platform trains and gates tenant models.
 *
 * @param window          how far back training reads events
 * @param maxEvents       the most recent events it reads at most
 * @param testDays        last calendar days (UTC) held out for the evaluation gate; the model learns from the days
 *                        before them only, so what is evaluated is what serves
 * @param options         the factor model's size, epochs, penalty and seed
 * @param confidenceScale confidence per unit of event weight (the trainer's; fold-in reuses it)
 * @param margin          relative lead over the opponent required to promote: 0.02 is 2 %
 * @param k               list length the gate's metrics are taken at
 * @param ease            the EASE item model the gate also tries for home
 * @param tuningBudget    trainer time a run may spend on other sizes and penalties of the factor model
 *                        ({@link #tuningCandidates}) before the gate; {@link Duration#ZERO} tries none
 */
public record TrainingSettings(Duration window, int maxEvents, int testDays, TrainingOptions options,
                               double confidenceScale, double margin, int k, Ease ease, Duration tuningBudget) {
    /**
     * The EASE item model's bounds.
     *
     * @param items  EASE is learned over at most this many items, those with the most shoppers (a dense
     *               {@code items²} inverse: 6,000 take ~7 s and ~430 MB of heap while it is computed); 0 turns EASE off
     * @param lambda the L2 penalty added to the Gram matrix's diagonal
     * @param keep   weights each item keeps when served (the rest are dropped: 6,000 items keeping 50 hold 2.4 MB)
     */
    public record Ease(int items, float lambda, int keep) {
        public Ease {
            if (items < 0 || items > EaseGram.MAX_ITEMS || !(lambda > 0f) || keep < 1) {
                throw new IllegalArgumentException("EASE items must be between 0 and " + EaseGram.MAX_ITEMS
                        + ", lambda positive, keep at least 1");
            }
        }

        /** 6,000 items, λ = 200, 50 kept per item: the quality benchmark's reference, within 0.5 % of it served. */
        public static Ease defaults() {
            return new Ease(6_000, 200f, 50);
        }
    }

    public TrainingSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(ease, "ease");
        Objects.requireNonNull(tuningBudget, "tuningBudget");
        if (tuningBudget.isNegative()) {
            throw new IllegalArgumentException("the tuning budget must not be negative");
        }
        if (maxEvents < 1 || testDays < 1 || k < 1 || !(margin >= 0) || !(confidenceScale > 0)) {
            throw new IllegalArgumentException("maxEvents, testDays and k must be positive, margin >= 0, "
                    + "confidence scale > 0");
        }
    }

    /**
     * 32 factors, 10 epochs, penalty 0.03 and confidence 10 (tuned on the synthetic store), 7 test days. 32 rather
     * than 64 factors: 4.5 % less home NDCG@20 offline, but half the scoring per request, which is what keeps the
     * learned blend's p99 under 10 ms at 1,000 requests/s on 2 cores (see README).
     */
    public static TrainingSettings defaults() {
        return new TrainingSettings(Duration.ofDays(90), 2_000_000, 7, new TrainingOptions(32, 10, 0.01f, 0.03f, 1),
                10, 0.02, 20, Ease.defaults(), Duration.ofSeconds(30));
    }

    /** The settings of earlier releases, before the factor model was tuned per tenant: no tuning budget. */
    public TrainingSettings(Duration window, int maxEvents, int testDays, TrainingOptions options,
                            double confidenceScale, double margin, int k, Ease ease) {
        this(window, maxEvents, testDays, options, confidenceScale, margin, k, ease, Duration.ZERO);
    }

    /**
     * The other sizes and penalties a run tries besides {@code base}, in this order: the same factors with ten times
     * the penalty; half the factors, with the same and with ten times the penalty; twice the factors. Each is
     * trained on the split and scored on the held-out days as the default is (blended with co-occurrence as cart
     * serves it and as home does before its recipe); the best mean NDCG of home and cart serves (a tie keeps the
     * default). A run tries them while the budget lasts: on 2 cores a 1M-event tenant's fit takes 9–14 s, so it
     * tries the first three within the 30 s budget, and a small tenant all four.
     */
    public static List<TrainingOptions> tuningCandidates(TrainingOptions base) {
        List<TrainingOptions> candidates = new ArrayList<>();
        // Rounded, so that 10 × 0.03 reads 0.3 in the gate's rows.
        float penalty = Math.round((base.regularization() > 0 ? base.regularization() : 0.01f) * 1e5f) / 1e4f;
        candidates.add(base.with(base.factors(), penalty));
        if (base.factors() >= 8) {
            candidates.add(base.with(base.factors() / 2, base.regularization()));
            candidates.add(base.with(base.factors() / 2, penalty));
        }
        if (base.factors() <= 64) {
            candidates.add(base.with(base.factors() * 2, base.regularization()));
        }
        return candidates;
    }

    public TrainingSettings withOptions(TrainingOptions newOptions) {
        return new TrainingSettings(window, maxEvents, testDays, newOptions, confidenceScale, margin, k, ease,
                tuningBudget);
    }

    public TrainingSettings withMargin(double newMargin) {
        return new TrainingSettings(window, maxEvents, testDays, options, confidenceScale, newMargin, k, ease,
                tuningBudget);
    }

    public TrainingSettings withEase(Ease newEase) {
        return new TrainingSettings(window, maxEvents, testDays, options, confidenceScale, margin, k, newEase,
                tuningBudget);
    }

    public TrainingSettings withTuningBudget(Duration budget) {
        return new TrainingSettings(window, maxEvents, testDays, options, confidenceScale, margin, k, ease, budget);
    }
}
