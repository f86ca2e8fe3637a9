/**
 * Trains a tenant's model off the request path: the training use case, the evaluation gate, training runs and
 * their progress.
 */
package io.shelfwise.recommendation.training;
