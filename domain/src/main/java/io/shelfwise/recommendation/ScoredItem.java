package io.shelfwise.recommendation;

import io.shelfwise.catalog.Item;

/** A recommended item with the score that ranked it. */
public record ScoredItem(Item item, double score) {
}
