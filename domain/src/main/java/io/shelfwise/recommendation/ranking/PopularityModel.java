package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.recommendation.ItemSignal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Popularity as the decayed, weighted sum of recent signals: purchases count most, views least, and a signal
 * loses half its weight every {@code halfLife}.
 */
public final class PopularityModel {
    private final Map<EventType, Double> weights;
    private final double halfLifeDays;

    public PopularityModel(Map<EventType, Double> weights, Duration halfLife) {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive");
        }
        this.weights = new EnumMap<>(weights);
        this.halfLifeDays = halfLife.toMillis() / 86_400_000.0;
    }

    /** Purchase 5, add-to-cart 3, click 2, view 1; searches and removals carry no popularity. */
    public static PopularityModel standard() {
        return new PopularityModel(Map.of(
                EventType.PURCHASE, 5.0,
                EventType.ADD_TO_CART, 3.0,
                EventType.CLICK, 2.0,
                EventType.VIEW, 1.0), Duration.ofDays(7));
    }

    /** The weight of each event type that counts (a type missing here carries no popularity). */
    public Map<EventType, Double> weights() {
        return Map.copyOf(weights);
    }

    /** Items ranked by score, best first; ties broken by item id so the order is stable. */
    public List<Ranked> rank(List<ItemSignal> signals, LocalDate today) {
        Scores scores = scores(today);
        for (ItemSignal s : signals) {
            scores.accept(s.itemId().value(), s.type(), s.day().toEpochDay(), s.count());
        }
        return scores.ranked(Integer.MAX_VALUE);
    }

    /**
     * Sums signals as they come (a signal source) into one
     * score per item: what {@link #rank} computes, without a list of every (item, type, day) group first.
     */
    public Scores scores(LocalDate today) {
        return new Scores(today.toEpochDay());
    }

    /** Scores being summed; {@link #ranked} lists them as {@link #rank} does. Not thread-safe. */
    public final class Scores implements ItemSignal.Sink {
        private final long today;
        private final double[] typeWeights = new double[EventType.values().length];
        private final Map<String, double[]> byItem = new HashMap<>();

        private Scores(long today) {
            this.today = today;
            weights.forEach((type, weight) -> typeWeights[type.ordinal()] = weight);
        }

        @Override
        public void accept(String itemId, EventType type, long epochDay, long count) {
            double weight = typeWeights[type.ordinal()];
            if (weight == 0.0) {
                return;
            }
            long ageDays = Math.max(0, today - epochDay);
            byItem.computeIfAbsent(itemId, id -> new double[1])[0] += weight * count
                    * Math.pow(0.5, ageDays / halfLifeDays);
        }

        /**
         * The best {@code limit} items by score, best first; ties broken by item id. Scores are compared to 1e-9:
         * the same signals summed in another order (raw rows arrive in any order) may differ in the last bit, and
         * that must not decide between two items the tie-break orders.
         */
        public List<Ranked> ranked(int limit) {
            return byItem.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, double[]>>comparingLong(e -> -Math.round(e.getValue()[0]
                            * 1e9)).thenComparing(Map.Entry::getKey))
                    .limit(limit)
                    .map(e -> new Ranked(new ItemId(e.getKey()), e.getValue()[0]))
                    .toList();
        }
    }

    /** One item's popularity score. */
    public record Ranked(ItemId itemId, double score) {
    }
}
