/**
 * The rankers and what they learn from: pure functions over shoppers' interactions and trained models (popularity,
 * co-occurrence, learned factors and their blend), shared by serving, training and evaluation.
 */
package io.shelfwise.recommendation.ranking;
