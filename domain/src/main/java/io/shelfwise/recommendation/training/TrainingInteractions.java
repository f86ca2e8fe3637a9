package io.shelfwise.recommendation.training;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ranking.EventWeights;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns events into the {@link Interactions} a factor model trains on: one pair per (shopper, item) touched, weighted
 * by the sum of the {@link EventWeights} of the events behind it. Events without a shopper key or without items
 * (searches), and event types whose weight is zero, give no pair. Shoppers and items are indexed in the order first
 * met, so the same events always give the same indices.
 */
public final class TrainingInteractions {
    private TrainingInteractions() {
    }

    public static Interactions from(Collection<ShopperEvent> events, EventWeights weights) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(weights, "weights");
        Map<String, Integer> users = new LinkedHashMap<>();
        Map<ItemId, Integer> items = new LinkedHashMap<>();
        // Key: user index in the high 32 bits, item index in the low 32; insertion order keeps the result stable.
        Map<Long, Double> pairs = new LinkedHashMap<>();
        for (ShopperEvent e : events) {
            String shopper = e.shopperKey();
            double weight = weights.of(e.type());
            if (shopper == null || e.itemIds().isEmpty() || weight <= 0.0) {
                continue;
            }
            int user = users.computeIfAbsent(shopper, s -> users.size());
            for (ItemId id : e.itemIds()) {
                int item = items.computeIfAbsent(id, i -> items.size());
                pairs.merge(((long) user << 32) | item, weight, Double::sum);
            }
        }
        int[] user = new int[pairs.size()];
        int[] item = new int[pairs.size()];
        float[] weight = new float[pairs.size()];
        int n = 0;
        for (Map.Entry<Long, Double> pair : pairs.entrySet()) {
            user[n] = (int) (pair.getKey() >>> 32);
            item[n] = (int) (long) pair.getKey();
            weight[n] = pair.getValue().floatValue();
            n++;
        }
        return new Interactions(new ArrayList<>(users.keySet()), new ArrayList<>(items.keySet()), user, item, weight);
    }
}
