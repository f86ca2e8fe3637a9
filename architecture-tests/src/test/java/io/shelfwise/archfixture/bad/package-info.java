/**
 * Fixture: a tree laid out like {@code io.shelfwise} in which every class breaks one hexagon rule on purpose.
 * Never production code; {@code HexagonRulesCatchViolationsTest} proves each rule reports its offender here.
 */
package io.shelfwise.archfixture.bad;
