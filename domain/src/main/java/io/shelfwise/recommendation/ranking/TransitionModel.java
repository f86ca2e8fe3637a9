package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.ShopperEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A sequence-aware home list: where shoppers went next. For every item it keeps the items the next event of the
 * same shopper named, within {@link Config#gap()} (one visit), weighted by that event's weight, as shares of the
 * item's transitions (a first-order Markov chain, its {@link Config#keep()} strongest successors per item). Home
 * scores the successors of the shopper's latest {@link Config#lookback()} distinct items, the newest counting most
 * ({@link Config#decay()} per step back), and leaves out what they bought. Unlike co-occurrence it has a direction:
 * after a camera come its lenses, not the other way round. On cart and product page it proposes nothing; a home
 * recipe fuses it in ({@link HomeRecipe#sequenceWeight()}) where the gate found that it wins.
 */
public final class TransitionModel implements Ranker {
    private final String name;
    private final ItemId[] items;
    private final Positions<ItemId> index;
    private final int[][] successors;
    private final float[][] shares;
    private final Predicate<ItemId> inStock;
    private final EventWeights weights;
    private final Config config;

    /**
     * @param gap      longest pause between two events that still makes the second follow the first
     * @param keep     successors kept per item
     * @param lookback distinct latest items of the shopper whose successors are scored
     * @param decay    in (0, 1]: weight left per step back among them
     */
    public record Config(Duration gap, int keep, int lookback, double decay) {
        public Config {
            java.util.Objects.requireNonNull(gap, "gap");
            if (gap.isNegative() || gap.isZero() || keep < 1 || lookback < 1 || !(decay > 0.0 && decay <= 1.0)) {
                throw new IllegalArgumentException("gap must be positive, keep and lookback at least 1, decay in "
                        + "(0, 1]");
            }
        }

        /** One hour, 20 successors, the latest 3 items halving per step back. */
        public static Config defaults() {
            return new Config(Duration.ofHours(1), 20, 3, 0.5);
        }
    }

    private TransitionModel(String name, ItemId[] items, Positions<ItemId> index, int[][] successors,
                            float[][] shares, Predicate<ItemId> inStock, EventWeights weights, Config config) {
        this.name = name;
        this.items = items;
        this.index = index;
        this.successors = successors;
        this.shares = shares;
        this.inStock = inStock;
        this.weights = weights;
        this.config = config;
    }

    /** Learns the transitions of {@code events} (any order). */
    public static TransitionModel train(String name, Collection<ShopperEvent> events, Predicate<ItemId> inStock,
                                        EventWeights weights, Config config) {
        Map<String, List<ShopperEvent>> byShopper = new HashMap<>();
        for (ShopperEvent e : events) {
            if (e.shopperKey() != null && !e.itemIds().isEmpty()) {
                byShopper.computeIfAbsent(e.shopperKey(), s -> new ArrayList<>()).add(e);
            }
        }
        Map<ItemId, Integer> index = new HashMap<>();
        List<ItemId> items = new ArrayList<>();
        Map<Long, Double> counts = new HashMap<>();
        for (List<ShopperEvent> own : byShopper.values()) {
            own.sort(Comparator.comparing(ShopperEvent::occurredAt));
            for (int e = 1; e < own.size(); e++) {
                ShopperEvent before = own.get(e - 1);
                ShopperEvent next = own.get(e);
                double weight = weights.of(next.type());
                if (weight <= 0.0 || Duration.between(before.occurredAt(), next.occurredAt())
                        .compareTo(config.gap()) > 0) {
                    continue;
                }
                for (ItemId from : before.itemIds()) {
                    int a = index.computeIfAbsent(from, i -> {
                        items.add(i);
                        return items.size() - 1;
                    });
                    for (ItemId to : next.itemIds()) {
                        if (!to.equals(from)) {
                            int b = index.computeIfAbsent(to, i -> {
                                items.add(i);
                                return items.size() - 1;
                            });
                            counts.merge(((long) a << 32) | b, weight, Double::sum);
                        }
                    }
                }
            }
        }
        int n = items.size();
        List<List<double[]>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new ArrayList<>());
        }
        counts.forEach((key, count) -> rows.get((int) (key >>> 32)).add(new double[]{(int) (long) key, count}));
        int[][] successors = new int[n][];
        float[][] shares = new float[n][];
        for (int a = 0; a < n; a++) {
            List<double[]> row = rows.get(a);
            double total = 0;
            for (double[] entry : row) {
                total += entry[1];
            }
            row.sort(Comparator.<double[]>comparingDouble(entry -> -entry[1])
                    .thenComparing(entry -> items.get((int) entry[0]).value()));
            int kept = Math.min(config.keep(), row.size());
            successors[a] = new int[kept];
            shares[a] = new float[kept];
            for (int j = 0; j < kept; j++) {
                successors[a][j] = (int) row.get(j)[0];
                shares[a][j] = (float) (row.get(j)[1] / total);
            }
        }
        ItemId[] ids = items.toArray(ItemId[]::new);
        return new TransitionModel(name, ids, Positions.of(ids), successors, shares,
                inStock, weights, config);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ItemId> home(List<Interaction> history, int k) {
        Set<ItemId> bought = Interaction.bought(history);
        Map<Integer, Double> scores = new HashMap<>();
        Set<ItemId> seen = new HashSet<>();
        double recency = 1.0;
        for (int i = history.size() - 1; i >= 0 && seen.size() < config.lookback(); i--) {
            Interaction interaction = history.get(i);
            if (weights.of(interaction.type()) <= 0.0 || !seen.add(interaction.item())) {
                continue;
            }
            int a = index.indexOf(interaction.item());
            if (a >= 0) {
                for (int j = 0; j < successors[a].length; j++) {
                    scores.merge(successors[a][j], recency * shares[a][j], Double::sum);
                }
            }
            recency *= config.decay();
        }
        List<Map.Entry<Integer, Double>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort(Map.Entry.<Integer, Double>comparingByValue().reversed()
                .thenComparing(en -> items[en.getKey()].value()));
        List<ItemId> list = new ArrayList<>(Math.min(k, ranked.size()));
        for (Map.Entry<Integer, Double> entry : ranked) {
            if (list.size() == k) {
                break;
            }
            ItemId item = items[entry.getKey()];
            if (!bought.contains(item) && inStock.test(item)) {
                list.add(item);
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

    /** The successors of {@code item} kept, strongest first. */
    public List<ItemId> successorsOf(ItemId item) {
        int a = index.indexOf(item);
        return a < 0 ? List.of() : Arrays.stream(successors[a]).mapToObj(b -> items[b]).toList();
    }

    /** Roughly the heap it holds. */
    public long bytes() {
        long bytes = 64L + 48L * items.length;
        for (int[] row : successors) {
            bytes += 32 + 8L * row.length;
        }
        return bytes;
    }
}
