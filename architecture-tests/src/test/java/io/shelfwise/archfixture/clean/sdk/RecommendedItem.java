package io.shelfwise.archfixture.clean.sdk;

/** The SDK's own view of a recommended item, independent of the server's domain record. */
public record RecommendedItem(String sku, double score) {
}
