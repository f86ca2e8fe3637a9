package io.shelfwise.segmentation;

import java.util.List;
import java.util.Objects;

/**
 * Labelled shoppers for the churn model: one row of features per shopper who was active before a cutoff, and
 * whether that shopper then stayed away for the whole horizon.
 */
public record ChurnExamples(List<String> featureNames, double[][] features, boolean[] churned) {
    public ChurnExamples {
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(churned, "churned");
        if (features.length != churned.length) {
            throw new IllegalArgumentException(features.length + " rows but " + churned.length + " labels");
        }
        for (double[] row : features) {
            if (row.length != featureNames.size()) {
                throw new IllegalArgumentException("a row has " + row.length + " features, not " + featureNames.size());
            }
        }
    }

    public int size() {
        return churned.length;
    }
}
