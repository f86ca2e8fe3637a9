package io.shelfwise.segmentation;

import io.shelfwise.events.EventType;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What makes a shopper a member of a segment. Windows count back from the tenant's data clock (the time of its
 * newest event, rounded up to the hour), so that an imported history segments at once and membership moves in
 * whole hours.
 */
public sealed interface SegmentRule {

    /** What an interest rule is about: a brand, or a category at any level of an item's path (case-insensitive). */
    record Target(Kind kind, String value) {
        public enum Kind { BRAND, CATEGORY, ITEM }

        public Target {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }

        public String describe() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + value + "'";
        }
    }

    /**
     * Brand or category interest: at least {@code minCount} events of {@code events} on the target's items in the
     * last {@code days} days; or, when {@code minAffinity} is set, the active model's affinity of the shopper to the
     * target's items at or above it (then {@code events}, {@code minCount} and {@code days} play no part).
     */
    record Interest(Target target, Set<EventType> events, int minCount, int days, Double minAffinity)
            implements SegmentRule {
        public Interest {
            events = Set.copyOf(events);
        }

        public boolean byModel() {
            return minAffinity != null;
        }
    }

    /** Shoppers active in the churn model's lookback whose predicted probability of staying away is at least this. */
    record ChurnRisk(double minProbability) implements SegmentRule {
    }

    /**
     * Shoppers who added an item to the cart in the last {@code days} days, bought nothing since, and have added
     * nothing for at least {@code hours} hours (so that someone still shopping is not counted).
     */
    record CartAbandoners(int hours, int days) implements SegmentRule {
    }

    /** Shoppers whose spend in the last {@code days} days is at or above the {@code percentile}-th among buyers'. */
    record HighValue(double percentile, int days) implements SegmentRule {
    }

    /** Shoppers first seen in the last {@code days} days. */
    record NewShoppers(int days) implements SegmentRule {
    }

    /** Members of every rule; the score is the lowest of theirs. */
    record All(List<SegmentRule> rules) implements SegmentRule {
        public All {
            rules = List.copyOf(rules);
        }
    }

    /** Members of at least one rule; the score is the highest of theirs. */
    record Any(List<SegmentRule> rules) implements SegmentRule {
        public Any {
            rules = List.copyOf(rules);
        }
    }

    /** Known shoppers who are not members of the rule. */
    record Not(SegmentRule rule) implements SegmentRule {
        public Not {
            Objects.requireNonNull(rule, "rule");
        }
    }
}
