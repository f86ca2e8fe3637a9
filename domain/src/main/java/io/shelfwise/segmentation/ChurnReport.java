package io.shelfwise.segmentation;

import java.time.Instant;
import java.util.Objects;

/**
 * A trained churn model with how it did on the held-out period: {@code auc} of its probabilities and
 * {@code baselineAuc} of the recency-only rule (longer since the last visit, likelier to churn), both on the
 * shoppers active at {@code heldOutCutoff} labelled by whether they returned within {@code horizonDays}.
 */
public record ChurnReport(ChurnModel model, int horizonDays, Instant trainCutoff, Instant heldOutCutoff,
                          int trainExamples, int heldOutExamples, double churnRate, double auc, double baselineAuc,
                          Instant trainedAt) {
    public ChurnReport {
        Objects.requireNonNull(model, "model");
    }
}
