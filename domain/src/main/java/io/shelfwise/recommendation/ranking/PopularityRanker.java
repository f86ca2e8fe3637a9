package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ItemSignal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The baseline every model must beat: the same list for everyone, ranked by {@link PopularityModel} as of the last
 * training day, less out-of-stock items and whatever the query excludes.
 */
public final class PopularityRanker implements Ranker {
    private final List<ItemId> ranking;
    private final Predicate<ItemId> inStock;

    /** A ranker over {@code ranking}, best first; stock is asked at query time, so it can change under the ranker. */
    public PopularityRanker(List<ItemId> ranking, Predicate<ItemId> inStock) {
        this.ranking = List.copyOf(ranking);
        this.inStock = Objects.requireNonNull(inStock, "inStock");
    }

    /** Ranks the items of {@code train} with {@code model}, "today" being the UTC day of the latest event. */
    public static PopularityRanker train(Collection<ShopperEvent> train, Predicate<ItemId> inStock,
                                         PopularityModel model) {
        Map<SignalKey, Long> counts = new HashMap<>();
        LocalDate today = LocalDate.EPOCH;
        for (ShopperEvent e : train) {
            LocalDate day = LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC);
            if (day.isAfter(today)) {
                today = day;
            }
            for (ItemId item : e.itemIds()) {
                counts.merge(new SignalKey(item, e.type(), day), 1L, Long::sum);
            }
        }
        List<ItemSignal> signals = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> signals.add(new ItemSignal(key.item(), key.type(), key.day(), count)));
        List<ItemId> ranking = model.rank(signals, today).stream().map(PopularityModel.Ranked::itemId).toList();
        return new PopularityRanker(ranking, inStock);
    }

    /**
     * The same ranking holding {@code sameIds} of its items (equal ids, other instances: the catalog's), so that a
     * ranker trained on events read from the store keeps no copy of the ids.
     */
    public PopularityRanker withIds(java.util.function.UnaryOperator<ItemId> sameIds) {
        return new PopularityRanker(ranking.stream().map(sameIds).toList(), inStock);
    }

    @Override
    public String name() {
        return "popularity";
    }

    /** Popular items the shopper has not bought yet. */
    @Override
    public List<ItemId> home(List<Interaction> history, int k) {
        return fill(new ArrayList<>(k), Interaction.bought(history), k);
    }

    @Override
    public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
        return fill(new ArrayList<>(k), new HashSet<>(cartItems), k);
    }

    @Override
    public List<ItemId> similar(ItemId item, int k) {
        return fill(new ArrayList<>(k), Set.of(item), k);
    }

    /**
     * Appends the most popular in-stock items to {@code list} until it holds {@code k}, skipping {@code excluded}
     * and what {@code list} already holds; other rankers use it to fill lists their own signal cannot.
     */
    List<ItemId> fill(List<ItemId> list, Set<ItemId> excluded, int k) {
        if (list.size() >= k) {
            return list;  // nothing to add: no set of what it holds (most requests' lists are full)
        }
        Set<ItemId> taken = new HashSet<>(list);
        for (int i = 0; i < ranking.size() && list.size() < k; i++) {
            ItemId item = ranking.get(i);
            if (!excluded.contains(item) && !taken.contains(item) && inStock.test(item)) {
                list.add(item);
            }
        }
        return list;
    }

    private record SignalKey(ItemId item, EventType type, LocalDate day) {
    }
}
