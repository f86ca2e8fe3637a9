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
        Map<ItemId, Double> scores = new HashMap<>();
        for (ItemSignal s : signals) {
            double weight = weights.getOrDefault(s.type(), 0.0);
            if (weight == 0.0) {
                continue;
            }
            long ageDays = Math.max(0, today.toEpochDay() - s.day().toEpochDay());
            double decay = Math.pow(0.5, ageDays / halfLifeDays);
            scores.merge(s.itemId(), weight * s.count() * decay, Double::sum);
        }
        return scores.entrySet().stream()
                .map(e -> new Ranked(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingDouble(Ranked::score).reversed()
                        .thenComparing(r -> r.itemId().value()))
                .toList();
    }

    /** One item's popularity score. */
    public record Ranked(ItemId itemId, double score) {
    }
}
