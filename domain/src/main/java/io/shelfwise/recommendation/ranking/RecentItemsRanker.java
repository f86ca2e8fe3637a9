package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * "Pick up where you left off": the items the shopper looked at or carted and has not bought, strongest and most
 * recent first. Each interaction adds its event's weight times {@code decay} per step back from the newest one, so
 * an item carted yesterday outranks one viewed once a month ago. Only the home surface uses it (blended with a
 * model, {@link BlendedRanker}); on the cart and the product page it proposes nothing.
 */
public final class RecentItemsRanker implements Ranker {
    private final EventWeights weights;
    private final Predicate<ItemId> inStock;
    private final double decay;

    /** @param decay in (0, 1]: the weight left to an interaction per step back in the history */
    public RecentItemsRanker(EventWeights weights, Predicate<ItemId> inStock, double decay) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.inStock = Objects.requireNonNull(inStock, "inStock");
        if (!(decay > 0.0 && decay <= 1.0)) {
            throw new IllegalArgumentException("decay must be in (0, 1]");
        }
        this.decay = decay;
    }

    @Override
    public String name() {
        return "recent-items";
    }

    @Override
    public List<ItemId> home(List<Interaction> history, int k) {
        Set<ItemId> bought = Interaction.bought(history);
        // Newest first, so equal scores keep the item touched last in front (the sort below is stable).
        Map<ItemId, Double> scores = new LinkedHashMap<>();
        double recency = 1.0;
        for (int i = history.size() - 1; i >= 0; i--, recency *= decay) {
            Interaction interaction = history.get(i);
            double weight = weights.of(interaction.type());
            if (weight > 0.0 && !bought.contains(interaction.item())) {
                scores.merge(interaction.item(), weight * recency, Double::sum);
            }
        }
        List<Map.Entry<ItemId, Double>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort(Map.Entry.<ItemId, Double>comparingByValue().reversed());
        List<ItemId> list = new ArrayList<>(Math.min(k, ranked.size()));
        for (Map.Entry<ItemId, Double> entry : ranked) {
            if (list.size() == k) {
                break;
            }
            if (inStock.test(entry.getKey())) {
                list.add(entry.getKey());
            }
        }
        return list;
    }

    @Override
    public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
        return new ArrayList<>();
    }

    @Override
    public List<ItemId> similar(ItemId item, int k) {
        return new ArrayList<>();
    }
}
