package io.shelfwise.segmentation;

/** A shopper and the model's affinity of them to what was asked about. */
public record AffinityMatch(String userId, double score) {
}
