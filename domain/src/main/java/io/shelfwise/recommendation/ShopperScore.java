package io.shelfwise.recommendation;

/** A shopper and the active model's score of them for some items. */
public record ShopperScore(String userId, double score) {
}
