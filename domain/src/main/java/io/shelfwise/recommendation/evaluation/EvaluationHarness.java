package io.shelfwise.recommendation.evaluation;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.recommendation.ranking.Ranker;
import io.shelfwise.recommendation.ranking.Session;
import io.shelfwise.recommendation.ranking.Surface;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Offline evaluation of any {@link Ranker} on the three surfaces, over a {@link TimeSplit}: the model was trained on
 * the train side only, and is asked about the test side. The queries are built once, so every model is scored on
 * the same ones.
 *
 * <p>Protocol, per surface ({@code history} is always the shopper's train-side interactions, never test events, so
 * no query leaks its own answer):
 * <ul>
 *   <li><b>home</b>: one query per shopper who has train history and reached at least one target in test. Targets
 *       are the distinct items they added to a cart or bought in the test window ({@link TimeSplit#targets}),
 *       less the items they already bought in train (re-buys are what the "not recently bought" filter hides, so a
 *       home list is not rewarded for them), less out-of-stock items (no model may show those). The model ranks
 *       every in-stock item.</li>
 *   <li><b>cart</b>: a basket is the distinct items one test session bought; for each basket of two or more, each
 *       in-stock item in turn is held out (leave-one-out, one query per item) and the model ranks given the rest
 *       of the basket; the target is the held-out item.</li>
 *   <li><b>similar</b>: one query per test session that viewed an item: the first item viewed is the product page;
 *       targets are the other in-stock items the session viewed, added to a cart or bought.</li>
 * </ul>
 * Queries whose targets end up empty are dropped. A ranker's list must hold at most K distinct items, all in stock
 * and none of the items the query excludes (cart items, the product shown); a list that breaks this fails the
 * evaluation instead of being scored, so a bug cannot pass as a good or a bad score.
 */
public final class EvaluationHarness {
    private static final Set<EventType> SIMILAR_TARGET_TYPES =
            EnumSet.of(EventType.VIEW, EventType.ADD_TO_CART, EventType.PURCHASE);

    private final EvaluationProtocol protocol;
    private final Set<ItemId> inStock;
    private final List<HomeQuery> home;
    private final List<CartQuery> cart;
    private final List<SimilarQuery> similar;
    /** Per item, −log2 of the share of training shoppers who touched it (Novelty@K). */
    private final Map<ItemId, Double> selfInformation;
    private final double unseenSelfInformation;

    private EvaluationHarness(EvaluationProtocol protocol, Set<ItemId> inStock,
                              Map<ItemId, Double> selfInformation, double unseenSelfInformation,
                              List<HomeQuery> home, List<CartQuery> cart, List<SimilarQuery> similar) {
        this.protocol = protocol;
        this.inStock = inStock;
        this.home = home;
        this.cart = cart;
        this.similar = similar;
        this.selfInformation = selfInformation;
        this.unseenSelfInformation = unseenSelfInformation;
    }

    /** Builds every surface's queries from the test side of {@code split}, with stock as in {@code catalog}. */
    public static EvaluationHarness prepare(List<Item> catalog, TimeSplit.Parts split, EvaluationProtocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        Set<ItemId> inStock = new HashSet<>();
        for (Item item : catalog) {
            if (item.inStock()) {
                inStock.add(item.id());
            }
        }
        if (inStock.isEmpty()) {
            throw new IllegalArgumentException("the catalog has no item in stock to recommend");
        }
        Set<String> testShoppers = new HashSet<>();
        for (ShopperEvent e : split.test()) {
            if (e.shopperKey() != null) {
                testShoppers.add(e.shopperKey());
            }
        }
        List<ShopperEvent> trainOfTestShoppers = latest(split.train().stream()
                .filter(e -> testShoppers.contains(e.shopperKey())).toList(), protocol.historyEvents());
        Map<String, List<Interaction>> histories = TimeSplit.histories(trainOfTestShoppers);
        List<Session> testSessions = Session.split(split.test(), protocol.sessionGap());

        Map<ItemId, Set<String>> shoppersOf = new HashMap<>();
        Set<String> trainShoppers = new HashSet<>();
        for (ShopperEvent e : split.train()) {
            if (e.shopperKey() != null) {
                trainShoppers.add(e.shopperKey());
                for (ItemId item : e.itemIds()) {
                    shoppersOf.computeIfAbsent(item, i -> new HashSet<>()).add(e.shopperKey());
                }
            }
        }
        double shoppers = Math.max(1, trainShoppers.size());
        Map<ItemId, Double> selfInformation = new HashMap<>(shoppersOf.size() * 2);
        shoppersOf.forEach((item, who) -> selfInformation.put(item, -log2(who.size() / shoppers)));

        Set<ItemId> stock = Collections.unmodifiableSet(inStock);
        return new EvaluationHarness(protocol, stock, selfInformation, -log2(0.5 / shoppers),
                sample(homeQueries(split.test(), histories, stock), protocol),
                sample(cartQueries(testSessions, histories, stock), protocol),
                sample(similarQueries(testSessions, stock), protocol));
    }

    public List<HomeQuery> homeQueries() {
        return home;
    }

    /**
     * The same queries with each home query's history preceded by the shopper's long-term profile (built from the
     * train side), as home serves under a recipe that uses it; targets, cart and product page unchanged.
     */
    public EvaluationHarness withLongTermProfiles(io.shelfwise.recommendation.ranking.LongTermProfiles profiles) {
        List<HomeQuery> extended = home.stream().map(q -> new HomeQuery(q.shopper(),
                profiles.extend(q.shopper(), q.history()), q.targets())).toList();
        return new EvaluationHarness(protocol, inStock, selfInformation, unseenSelfInformation, extended, cart,
                similar);
    }

    public List<CartQuery> cartQueries() {
        return cart;
    }

    public List<SimilarQuery> similarQueries() {
        return similar;
    }

    /** Scores {@code ranker} on every surface, in the order of {@link Surface}. */
    public List<EvaluationReport> evaluate(Ranker ranker) {
        return Arrays.stream(Surface.values()).map(s -> evaluate(ranker, s)).toList();
    }

    public EvaluationReport evaluate(Ranker ranker, Surface surface) {
        int k = protocol.k();
        RankingMetrics.Accumulator<ItemId> metrics = new RankingMetrics.Accumulator<>(k, inStock,
                item -> selfInformation.getOrDefault(item, unseenSelfInformation));
        switch (surface) {
            case HOME -> {
                for (HomeQuery q : home) {
                    List<ItemId> list = ranker.home(q.history(), k);
                    metrics.add(checked(ranker, surface, list, Set.of()), q.targets());
                }
            }
            case CART -> {
                for (CartQuery q : cart) {
                    List<ItemId> list = ranker.cart(q.cart(), q.history(), k);
                    metrics.add(checked(ranker, surface, list, new HashSet<>(q.cart())), q.targets());
                }
            }
            case SIMILAR -> {
                for (SimilarQuery q : similar) {
                    List<ItemId> list = ranker.similar(q.item(), k);
                    metrics.add(checked(ranker, surface, list, Set.of(q.item())), q.targets());
                }
            }
        }
        return EvaluationReport.of(ranker.name(), surface, k, metrics.summary());
    }

    private List<ItemId> checked(Ranker ranker, Surface surface, List<ItemId> list, Set<ItemId> excluded) {
        String problem = null;
        if (list == null) {
            problem = "returned no list";
        } else if (list.size() > protocol.k()) {
            problem = "returned " + list.size() + " items for k=" + protocol.k();
        } else {
            Set<ItemId> seen = new HashSet<>();
            for (ItemId item : list) {
                if (item == null) {
                    problem = "returned a null item";
                } else if (!seen.add(item)) {
                    problem = "repeated item " + item;
                } else if (!inStock.contains(item)) {
                    problem = "returned item " + item + ", which is out of stock or not in the catalog";
                } else if (excluded.contains(item)) {
                    problem = "returned item " + item + ", which the query excludes";
                }
                if (problem != null) {
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalStateException("ranker '" + ranker.name() + "' on surface " + surface.wireName()
                    + ": " + problem);
        }
        return list;
    }

    private static List<HomeQuery> homeQueries(List<ShopperEvent> test, Map<String, List<Interaction>> histories,
                                               Set<ItemId> inStock) {
        List<HomeQuery> queries = new ArrayList<>();
        // TreeMap: queries in shopper order, so sampling and reports do not depend on hash order.
        new TreeMap<>(TimeSplit.targets(test)).forEach((shopper, reached) -> {
            List<Interaction> history = histories.getOrDefault(shopper, List.of());
            if (history.isEmpty()) {
                return;
            }
            Set<ItemId> bought = new HashSet<>();
            for (Interaction i : history) {
                if (i.type() == EventType.PURCHASE) {
                    bought.add(i.item());
                }
            }
            Set<ItemId> targets = new LinkedHashSet<>();
            for (ItemId item : reached) {
                if (!bought.contains(item) && inStock.contains(item)) {
                    targets.add(item);
                }
            }
            if (!targets.isEmpty()) {
                queries.add(new HomeQuery(shopper, history, targets));
            }
        });
        return queries;
    }

    private static List<CartQuery> cartQueries(List<Session> sessions, Map<String, List<Interaction>> histories,
                                               Set<ItemId> inStock) {
        List<CartQuery> queries = new ArrayList<>();
        for (Session session : sessions) {
            List<ItemId> basket = List.copyOf(session.items(EnumSet.of(EventType.PURCHASE)));
            if (basket.size() < 2) {
                continue;
            }
            List<Interaction> history = histories.getOrDefault(session.shopper(), List.of());
            for (ItemId heldOut : basket) {
                if (inStock.contains(heldOut)) {
                    List<ItemId> rest = basket.stream().filter(i -> !i.equals(heldOut)).toList();
                    queries.add(new CartQuery(session.shopper(), rest, history, Set.of(heldOut)));
                }
            }
        }
        return queries;
    }

    private static List<SimilarQuery> similarQueries(List<Session> sessions, Set<ItemId> inStock) {
        List<SimilarQuery> queries = new ArrayList<>();
        for (Session session : sessions) {
            ItemId shown = session.interactions().stream().filter(i -> i.type() == EventType.VIEW)
                    .map(Interaction::item).findFirst().orElse(null);
            if (shown == null) {
                continue;
            }
            Set<ItemId> targets = new LinkedHashSet<>();
            for (ItemId item : session.items(SIMILAR_TARGET_TYPES)) {
                if (!item.equals(shown) && inStock.contains(item)) {
                    targets.add(item);
                }
            }
            if (!targets.isEmpty()) {
                queries.add(new SimilarQuery(session.shopper(), shown, targets));
            }
        }
        return queries;
    }

    private static <Q> List<Q> sample(List<Q> queries, EvaluationProtocol protocol) {
        if (queries.size() <= protocol.maxQueriesPerSurface()) {
            return List.copyOf(queries);
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, queries.size()).boxed().toList());
        Collections.shuffle(order, new Random(protocol.samplingSeed()));
        return order.subList(0, protocol.maxQueriesPerSurface()).stream().sorted().map(queries::get).toList();
    }

    /** A home-page query: the shopper's train history and what they went for in the test window. */
    public record HomeQuery(String shopper, List<Interaction> history, Set<ItemId> targets) {
        public HomeQuery {
            history = List.copyOf(history);
            targets = Collections.unmodifiableSet(new LinkedHashSet<>(targets));
        }
    }

    /** A cart query: the basket less the held-out item, and the held-out item as the target. */
    public record CartQuery(String shopper, List<ItemId> cart, List<Interaction> history, Set<ItemId> targets) {
        public CartQuery {
            cart = List.copyOf(cart);
            history = List.copyOf(history);
            targets = Collections.unmodifiableSet(new LinkedHashSet<>(targets));
        }
    }

    /** A product-page query: the item shown and what else the session went to. */
    public record SimilarQuery(String shopper, ItemId item, Set<ItemId> targets) {
        public SimilarQuery {
            Objects.requireNonNull(item, "item");
            targets = Collections.unmodifiableSet(new LinkedHashSet<>(targets));
        }
    }

    /** Each shopper's latest {@code n} events (by time; equal times keep input order), as serving reads them. */
    private static List<ShopperEvent> latest(List<ShopperEvent> events, int n) {
        Map<String, List<ShopperEvent>> byShopper = new HashMap<>();
        for (ShopperEvent e : events) {
            byShopper.computeIfAbsent(e.shopperKey(), s -> new ArrayList<>()).add(e);
        }
        List<ShopperEvent> kept = new ArrayList<>(events.size());
        for (List<ShopperEvent> own : byShopper.values()) {
            if (own.size() > n) {
                own.sort(java.util.Comparator.comparing(ShopperEvent::occurredAt));
                kept.addAll(own.subList(own.size() - n, own.size()));
            } else {
                kept.addAll(own);
            }
        }
        return kept;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
