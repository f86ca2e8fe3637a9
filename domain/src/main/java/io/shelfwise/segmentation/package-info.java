/**
 * Segmentation context: named, versioned segment definitions (brand or category interest, churn risk, cart
 * abandoners, high value, new shoppers, and their combinations) evaluated per tenant over shopper behaviour,
 * catalog attributes and model scores; membership kept up to date as events arrive, recomputed in full on demand.
 */
package io.shelfwise.segmentation;
