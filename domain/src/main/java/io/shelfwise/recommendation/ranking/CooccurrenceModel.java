package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Item-to-item co-occurrence, the second baseline: items that shoppers touch in the same session are neighbours,
 * by asymmetric cosine similarity over event-weighted sessions (see {@link ItemGraph}). Two graphs are kept,
 * because the surfaces ask different questions: the <em>behaviour</em> graph counts every weighted event and
 * answers "what do people look at together" (product page, home); the <em>basket</em> graph counts only
 * add-to-cart and purchase and answers "what is bought together" (cart), which favours complements over the
 * substitutes a shopper compares by viewing. Lists the graphs cannot fill are filled by popularity; out-of-stock
 * items never appear (stock as the predicate said when the model was built).
 */
public final class CooccurrenceModel implements Ranker {
    private static final Set<EventType> BASKET_TYPES = Set.of(EventType.ADD_TO_CART, EventType.PURCHASE);

    private final Config config;
    private final Positions<ItemId> index;
    private final ItemId[] items;
    private final ItemGraph behaviour;
    private final ItemGraph basket;
    private final PopularityRanker fallback;
    /** Which items {@code inStock} admitted when the model was built. */
    private final Stock stock;

    private CooccurrenceModel(Config config, Positions<ItemId> index, ItemId[] items, ItemGraph behaviour,
                              ItemGraph basket, PopularityRanker fallback, Predicate<ItemId> inStock) {
        this.config = config;
        this.index = index;
        this.items = items;
        this.behaviour = behaviour;
        this.basket = basket;
        this.fallback = fallback;
        this.stock = Stock.of(items, inStock);
    }

    private CooccurrenceModel(CooccurrenceModel same, ModelMemory memory) {
        this.config = same.config;
        this.index = same.index;
        this.items = same.items;
        this.behaviour = same.behaviour.movedTo(memory);
        this.basket = same.basket.movedTo(memory);
        this.fallback = same.fallback;
        this.stock = same.stock;
    }

    /** The same model with its graphs' neighbours and similarities held in {@code memory}. */
    public CooccurrenceModel movedTo(ModelMemory memory) {
        return memory == ModelMemory.HEAP ? this : new CooccurrenceModel(this, memory);
    }

    /**
     * What holding it costs the heap, estimated: both neighbour graphs' heap arrays, and per item ~40 bytes: its
     * slots in the id array, position table, stock flags and popularity fallback. Serving builds it with the
     * catalog's ids and gives it a fallback holding them too, so the ids cost nothing more. Measured with
     * {@code ./shelfwise bench memory 50000 32 5000}: 0.14 MiB of heap for 5,000 items with the graphs' rows mapped,
     * where ~112 bytes an item counted the ids besides.
     */
    public long bytes() {
        return behaviour.bytes() + basket.bytes() + 40L * items.length;
    }

    /** Learns both graphs from the sessions of {@code train}; {@code fallback} fills short lists. */
    public static CooccurrenceModel train(Collection<ShopperEvent> train, Predicate<ItemId> inStock,
                                          PopularityRanker fallback, Config config) {
        return train(train, inStock, fallback, config, UnaryOperator.identity());
    }

    /** As above, holding {@code sameIds} of each item (the catalog's instance of the id) rather than the events'. */
    public static CooccurrenceModel train(Collection<ShopperEvent> train, Predicate<ItemId> inStock,
                                          PopularityRanker fallback, Config config, UnaryOperator<ItemId> sameIds) {
        Objects.requireNonNull(inStock, "inStock");
        Objects.requireNonNull(fallback, "fallback");
        Map<ItemId, Integer> index = new HashMap<>();
        List<ItemId> items = new ArrayList<>();
        List<ItemGraph.WeightedSession> behaviourSessions = new ArrayList<>();
        List<ItemGraph.WeightedSession> basketSessions = new ArrayList<>();
        for (Session session : Session.split(train, config.sessionGap())) {
            Map<Integer, Double> all = new LinkedHashMap<>();
            Map<Integer, Double> bought = new LinkedHashMap<>();
            for (Interaction i : session.interactions()) {
                double weight = config.weights().of(i.type());
                if (weight <= 0.0) {
                    continue;
                }
                int item = index.computeIfAbsent(i.item(), id -> {
                    items.add(sameIds.apply(id));
                    return items.size() - 1;
                });
                all.merge(item, weight, Math::max);
                if (BASKET_TYPES.contains(i.type())) {
                    bought.merge(item, weight, Math::max);
                }
            }
            addSession(all, behaviourSessions);
            addSession(bought, basketSessions);
        }
        int n = items.size();
        ItemId[] ids = items.toArray(ItemId[]::new);
        return new CooccurrenceModel(config, Positions.of(ids), ids,
                ItemGraph.build(n, behaviourSessions, config.maxSessionItems(), config.neighbours(),
                        config.alpha()),
                ItemGraph.build(n, basketSessions, config.maxSessionItems(), config.neighbours(),
                        config.alpha()),
                fallback, inStock);
    }

    /** A session of one item has no pair, but still counts in that item's norm. */
    private static void addSession(Map<Integer, Double> weights, List<ItemGraph.WeightedSession> into) {
        if (weights.isEmpty()) {
            return;
        }
        int[] ids = new int[weights.size()];
        double[] values = new double[weights.size()];
        int i = 0;
        for (Map.Entry<Integer, Double> e : weights.entrySet()) {
            ids[i] = e.getKey();
            values[i] = e.getValue();
            i++;
        }
        into.add(new ItemGraph.WeightedSession(ids, values));
    }

    @Override
    public String name() {
        return "cooccurrence";
    }

    /**
     * Neighbours of the shopper's {@code recentItems} most recent distinct items, each item weighted by its
     * strongest event in the history times {@code recencyDecay} per step back; items bought before are left out.
     */
    @Override
    public List<ItemId> home(List<Interaction> history, int k) {
        Map<ItemId, Double> seeds = new LinkedHashMap<>();
        Set<ItemId> bought = new HashSet<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            Interaction interaction = history.get(i);
            if (interaction.type() == EventType.PURCHASE) {
                bought.add(interaction.item());
            }
            double weight = config.weights().of(interaction.type());
            if (weight > 0.0 && (seeds.containsKey(interaction.item()) || seeds.size() < config.recentItems())) {
                seeds.merge(interaction.item(), weight, Math::max);
            }
        }
        try (ScoreBuffer scores = ScoreBuffer.take(items.length)) {
            double recency = 1.0;
            for (Map.Entry<ItemId, Double> seed : seeds.entrySet()) {
                addNeighbours(behaviour, seed.getKey(), seed.getValue() * recency, scores);
                recency *= config.recencyDecay();
            }
            return top(scores, bought, k);
        }
    }

    /** Items bought together with the cart's items, summed over the cart; then items looked at together. */
    @Override
    public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
        Set<ItemId> excluded = new HashSet<>(cartItems);
        List<ItemId> list;
        try (ScoreBuffer scores = ScoreBuffer.take(items.length)) {
            for (ItemId item : cartItems) {
                addNeighbours(basket, item, 1.0, scores);
            }
            list = ranked(scores, excluded, k);
        }
        if (list.size() < k) {
            Set<ItemId> taken = new HashSet<>(excluded);
            taken.addAll(list);
            try (ScoreBuffer looked = ScoreBuffer.take(items.length)) {
                for (ItemId item : cartItems) {
                    addNeighbours(behaviour, item, 1.0, looked);
                }
                list.addAll(ranked(looked, taken, k - list.size()));
            }
        }
        return fallback.fill(list, excluded, k);
    }

    @Override
    public List<ItemId> similar(ItemId item, int k) {
        try (ScoreBuffer scores = ScoreBuffer.take(items.length)) {
            addNeighbours(behaviour, item, 1.0, scores);
            return top(scores, Set.of(item), k);
        }
    }

    /** The behaviour neighbours of {@code item}, nearest first: what the product page would draw on. */
    public List<Neighbour> neighbours(ItemId item) {
        int i = index.indexOf(item);
        if (i < 0) {
            return List.of();
        }
        List<Neighbour> result = new ArrayList<>(behaviour.neighbourCount(i));
        for (int n = 0; n < behaviour.neighbourCount(i); n++) {
            result.add(new Neighbour(items[behaviour.neighbour(i, n)], behaviour.similarity(i, n)));
        }
        return result;
    }

    private void addNeighbours(ItemGraph graph, ItemId item, double weight, ScoreBuffer scores) {
        int i = index.indexOf(item);
        if (i < 0) {
            return;
        }
        for (int n = 0; n < graph.neighbourCount(i); n++) {
            scores.add(graph.neighbour(i, n), weight * graph.similarity(i, n));
        }
    }

    private List<ItemId> top(ScoreBuffer scores, Set<ItemId> excluded, int k) {
        return fallback.fill(ranked(scores, excluded, k), excluded, k);
    }

    /** Up to {@code k} in-stock, not excluded items by score, best first; equal scores by training order. */
    private List<ItemId> ranked(ScoreBuffer scores, Set<ItemId> excluded, int k) {
        return scores.top(stock.admitsExcept(excluded, index), items, k);
    }

    /** A neighbour and its similarity. */
    public record Neighbour(ItemId item, double similarity) {
    }

    /**
     * How the model is trained and queried.
     *
     * @param sessionGap      pause that ends a session
     * @param weights         weight of each event type in a session vector
     * @param neighbours      neighbours kept per item; bounds memory and query time
     * @param maxSessionItems most weighted items of a session that form pairs
     * @param recentItems     most recent distinct history items the home list starts from
     * @param recencyDecay    factor per step back in that history, in (0, 1]
     * @param alpha           exponent of the asymmetric cosine, in [0, 1] (see {@link ItemGraph}): 0.5 is the
     *                        cosine, 1 the conditional probability
     */
    public record Config(Duration sessionGap, EventWeights weights, int neighbours, int maxSessionItems,
                         int recentItems, double recencyDecay, double alpha) {
        public Config {
            Objects.requireNonNull(sessionGap, "sessionGap");
            Objects.requireNonNull(weights, "weights");
            if (sessionGap.isNegative() || sessionGap.isZero()) {
                throw new IllegalArgumentException("sessionGap must be positive");
            }
            if (neighbours < 1 || maxSessionItems < 2 || recentItems < 1) {
                throw new IllegalArgumentException("neighbours and recentItems must be at least 1, "
                        + "maxSessionItems at least 2");
            }
            if (!(recencyDecay > 0.0 && recencyDecay <= 1.0)) {
                throw new IllegalArgumentException("recencyDecay must be in (0, 1]");
            }
            if (!(alpha >= 0.0 && alpha <= 1.0)) {
                throw new IllegalArgumentException("alpha must be in [0, 1]");
            }
        }

        /**
         * 30-minute sessions, standard weights, 100 neighbours, 50 items per session, last 20 items, decay 0.9, and
         * α 0.85: on the synthetic store, recall on every surface rises from α 0.5 towards 1 while coverage falls;
         * 0.85 keeps most of the gain and some of the long tail (the asymmetric-cosine literature lands nearby).
         */
        public static Config defaults() {
            return new Config(Session.DEFAULT_GAP, EventWeights.standard(), 100, 50, 20, 0.9, 0.85);
        }
    }
}
