package io.shelfwise.sdk.model;

/** A shopper and the store's model's affinity of them to an item, brand or category. */
public record AffinityMatch(String userId, double score) {
}
