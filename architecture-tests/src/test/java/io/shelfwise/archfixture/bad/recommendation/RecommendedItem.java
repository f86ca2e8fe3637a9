package io.shelfwise.archfixture.bad.recommendation;

/** A well-behaved domain record; the SDK reusing it is the violation. */
public record RecommendedItem(String sku, double score) {
}
