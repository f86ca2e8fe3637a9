/**
 * Fixture: a small tree laid out like {@code io.shelfwise} that keeps every hexagon rule, using the JDK features
 * the real code uses (records, sealed types, pattern switches, lambdas, arrays), so a rule that trips over them
 * fails here rather than on the production tree.
 */
package io.shelfwise.archfixture.clean;
