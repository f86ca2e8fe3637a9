package io.shelfwise.archfixture.clean.segmentation;

import io.shelfwise.archfixture.clean.recommendation.Recommendation;
import java.util.List;

/** Uses the recommendation context's root values only. */
public record Audience(String segmentId, List<Recommendation> lists) {
}
