/**
 * Offline evaluation: the harness, per-surface protocols, the time split, ranking metrics and reports; used by
 * training's gate and the offline tools, never by serving.
 */
package io.shelfwise.recommendation.evaluation;
