/**
 * Recommendation context. The root holds only the values that cross its ports (recommended lists and their items,
 * request filters, log entries, attribution, item signals); each behaviour lives in a room: {@code ranking} (the
 * rankers), {@code serving} (answering requests), {@code training} (learning and gating a model), {@code registry}
 * (model versions) and {@code evaluation} (offline metrics). Serving never imports training or evaluation.
 */
package io.shelfwise.recommendation;
