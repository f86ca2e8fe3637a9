package io.shelfwise.recommendation.ranking;

import io.shelfwise.events.EventType;
import java.util.EnumMap;
import java.util.Map;

/** How strongly each event type says "this shopper wants this item"; a type without a weight says nothing. */
public final class EventWeights {
    private final EnumMap<EventType, Double> weights;

    public EventWeights(Map<EventType, Double> weights) {
        this.weights = new EnumMap<>(EventType.class);
        weights.forEach((type, weight) -> {
            if (!(weight >= 0.0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weight of " + type.wireName() + " must be finite and >= 0");
            }
            this.weights.put(type, weight);
        });
    }

    /** The weights {@code PopularityModel.standard()} uses: purchase 5, add-to-cart 3, click 2, view 1. */
    public static EventWeights standard() {
        return new EventWeights(PopularityModel.standard().weights());
    }

    public double of(EventType type) {
        return weights.getOrDefault(type, 0.0);
    }
}
