/**
 * Answers requests: the home, similar, cart and popular surfaces, business filters, catalog content neighbours,
 * the live model of each tenant with hot swap, the recommendation log and attribution.
 */
package io.shelfwise.recommendation.serving;
