package io.shelfwise.recommendation.evaluation;

import static io.shelfwise.recommendation.ranking.Events.event;
import static io.shelfwise.recommendation.ranking.Events.item;
import static io.shelfwise.recommendation.ranking.Events.items;
import static io.shelfwise.recommendation.ranking.Events.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.recommendation.ranking.Ranker;
import io.shelfwise.recommendation.ranking.Surface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class EvaluationHarnessTest {
    private static final double EPSILON = 1e-9;
    private static final List<Item> CATALOG = List.of(product("a", true), product("b", true), product("c", true),
            product("d", true), product("e", true), product("x", false));
    private static final EvaluationProtocol K3 = new EvaluationProtocol(3, Duration.ofMinutes(30), 1000, 0);

    /** Train before 2026-03-04 (the last event is on 03-10, test is 7 days); see each test for what matters. */
    private static final List<ShopperEvent> EVENTS = List.of(
            event("u1", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
            event("u1", EventType.PURCHASE, "2026-03-01T10:05:00Z", "b"),
            event("u2", EventType.VIEW, "2026-03-02T10:00:00Z", "c"),
            event("u4", EventType.VIEW, "2026-03-02T11:00:00Z", "a"),
            // test: u1 views and carts d, then buys d, b (bought before) and x (out of stock)
            event("u1", EventType.VIEW, "2026-03-05T10:00:00Z", "d"),
            event("u1", EventType.ADD_TO_CART, "2026-03-05T10:01:00Z", "d"),
            event("u1", EventType.PURCHASE, "2026-03-05T10:02:00Z", "d", "b", "x"),
            // u3 has no train history
            event("u3", EventType.VIEW, "2026-03-06T10:00:00Z", "e"),
            event("u3", EventType.PURCHASE, "2026-03-06T10:01:00Z", "e"),
            event("u3", EventType.VIEW, "2026-03-06T10:02:00Z", "a"),
            // u2 only views
            event("u2", EventType.VIEW, "2026-03-07T10:00:00Z", "c"),
            event("u2", EventType.VIEW, "2026-03-07T10:01:00Z", "a"),
            event("u4", EventType.VIEW, "2026-03-10T10:00:00Z", "a"));

    private static EvaluationHarness harness(EvaluationProtocol protocol) {
        return EvaluationHarness.prepare(CATALOG, TimeSplit.lastDays(EVENTS, 7).split(EVENTS), protocol);
    }

    @Test
    void home_asks_for_shoppers_with_train_history_and_targets_what_they_carted_or_bought_except_rebuys() {
        List<EvaluationHarness.HomeQuery> home = harness(K3).homeQueries();

        assertEquals(1, home.size(), "u3 has no train history, u2 and u4 reached no target");
        EvaluationHarness.HomeQuery q = home.getFirst();
        assertEquals("u1", q.shopper());
        assertEquals(Set.of(item("d")), q.targets(), "b was bought in train, x is out of stock");
        assertEquals(items("a", "b"), q.history().stream().map(Interaction::item).toList());
    }

    @Test
    void a_history_holds_the_shoppers_latest_events_as_serving_reads_them() {
        assertEquals(EvaluationProtocol.SERVED_HISTORY_EVENTS, EvaluationProtocol.defaults().historyEvents());

        EvaluationHarness.HomeQuery q = harness(K3.withHistoryEvents(1)).homeQueries().getFirst();

        assertEquals("u1", q.shopper());
        assertEquals(items("b"), q.history().stream().map(Interaction::item).toList(), "only the purchase of b");
        assertThrows(IllegalArgumentException.class, () -> K3.withHistoryEvents(0));
    }

    @Test
    void cart_holds_out_each_in_stock_item_of_a_basket_of_two_or_more_in_turn() {
        List<EvaluationHarness.CartQuery> cart = harness(K3).cartQueries();

        assertEquals(2, cart.size(), "u1's basket {d, b, x} gives d and b; u3's basket of one gives none");
        assertEquals(items("b", "x"), cart.get(0).cart());
        assertEquals(Set.of(item("d")), cart.get(0).targets());
        assertEquals(items("d", "x"), cart.get(1).cart());
        assertEquals(Set.of(item("b")), cart.get(1).targets());
        assertEquals(2, cart.get(0).history().size(), "the shopper's train history comes along");
    }

    @Test
    void similar_shows_the_first_viewed_item_and_targets_the_sessions_other_in_stock_items() {
        List<EvaluationHarness.SimilarQuery> similar = harness(K3).similarQueries();

        assertEquals(List.of("u1", "u3", "u2"), similar.stream().map(EvaluationHarness.SimilarQuery::shopper).toList(),
                "u4's test session viewed one item and has nothing to target");
        assertEquals(item("d"), similar.get(0).item());
        assertEquals(Set.of(item("b")), similar.get(0).targets());
        assertEquals(item("e"), similar.get(1).item());
        assertEquals(Set.of(item("a")), similar.get(1).targets());
        assertEquals(item("c"), similar.get(2).item());
    }

    @Test
    void metrics_come_from_what_the_ranker_returns_for_each_query() {
        Ranker ranker = scripted((history, k) -> items("a", "d"), (cart, k) -> firstNot(cart, k),
                (shown, k) -> items("a"));
        EvaluationHarness harness = harness(K3);

        EvaluationReport home = harness.evaluate(ranker, Surface.HOME);
        EvaluationReport cart = harness.evaluate(ranker, Surface.CART);
        EvaluationReport similar = harness.evaluate(ranker, Surface.SIMILAR);

        // home: [a, d] against {d}: hit at rank 2.
        assertEquals("scripted", home.model());
        assertEquals(1, home.queries());
        assertEquals(1.0, home.recall(), EPSILON);
        assertEquals(1 / (Math.log(3) / Math.log(2)), home.ndcg(), EPSILON);
        assertEquals(0.5, home.mrr(), EPSILON);
        assertEquals(2.0 / 5, home.coverage(), EPSILON, "a and d of the five in-stock items");
        // Novelty: 3 training shoppers; a touched by 2 (−log2 2/3), d by none (counted as half a shopper: log2 6).
        assertEquals((log2(1.5) + log2(6)) / 2, home.novelty(), EPSILON);
        // cart: [a, c, d] against {d} (rank 3) and [a, b, c] against {b} (rank 2).
        assertEquals(1.0, cart.recall(), EPSILON);
        assertEquals((1.0 / 3 + 1.0 / 2) / 2, cart.mrr(), EPSILON);
        assertEquals(4.0 / 5, cart.coverage(), EPSILON, "a, b, c, d of the five in-stock items");
        // similar: [a] hits for u3 and u2, misses for u1.
        assertEquals(2.0 / 3, similar.recall(), EPSILON);
        assertEquals(3, similar.queries());
    }

    @Test
    void evaluating_every_surface_reports_them_in_order() {
        Ranker ranker = scripted((history, k) -> List.of(), (cart, k) -> List.of(), (shown, k) -> List.of());
        List<EvaluationReport> reports = harness(K3).evaluate(ranker);
        assertEquals(List.of(Surface.HOME, Surface.CART, Surface.SIMILAR),
                reports.stream().map(EvaluationReport::surface).toList());
        assertTrue(reports.stream().allMatch(r -> r.recall() == 0.0));
    }

    @Test
    void a_ranker_that_shows_an_out_of_stock_item_fails_the_evaluation() {
        Ranker ranker = scripted((history, k) -> items("x"), (cart, k) -> List.of(), (shown, k) -> List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> harness(K3).evaluate(ranker, Surface.HOME));
        assertTrue(e.getMessage().contains("out of stock"), e.getMessage());
    }

    @Test
    void a_ranker_that_repeats_an_item_overfills_the_list_or_returns_an_excluded_item_fails_the_evaluation() {
        EvaluationHarness harness = harness(K3);
        assertThrows(IllegalStateException.class, () -> harness.evaluate(
                scripted((h, k) -> items("a", "a"), (c, k) -> List.of(), (s, k) -> List.of()), Surface.HOME));
        assertThrows(IllegalStateException.class, () -> harness.evaluate(
                scripted((h, k) -> items("a", "b", "c", "d"), (c, k) -> List.of(), (s, k) -> List.of()),
                Surface.HOME));
        assertThrows(IllegalStateException.class, () -> harness.evaluate(
                scripted((h, k) -> List.of(), (c, k) -> List.of(c.getFirst()), (s, k) -> List.of()), Surface.CART));
        assertThrows(IllegalStateException.class, () -> harness.evaluate(
                scripted((h, k) -> List.of(), (c, k) -> List.of(), (s, k) -> List.of(s)), Surface.SIMILAR));
    }

    @Test
    void above_the_cap_a_seeded_sample_of_queries_is_kept_the_same_for_the_same_seed() {
        EvaluationProtocol capped = new EvaluationProtocol(3, Duration.ofMinutes(30), 2, 7);

        List<EvaluationHarness.SimilarQuery> first = harness(capped).similarQueries();

        assertEquals(2, first.size());
        assertEquals(first, harness(capped).similarQueries());
        assertTrue(harness(K3).similarQueries().containsAll(first));
    }

    @Test
    void a_catalog_with_nothing_in_stock_cannot_be_evaluated() {
        TimeSplit.Parts parts = TimeSplit.lastDays(EVENTS, 7).split(EVENTS);
        assertThrows(IllegalArgumentException.class,
                () -> EvaluationHarness.prepare(List.of(product("x", false)), parts, K3));
    }

    private static List<ItemId> firstNot(List<ItemId> cart, int k) {
        List<ItemId> list = new ArrayList<>();
        for (ItemId id : items("a", "b", "c", "d", "e")) {
            if (!cart.contains(id) && list.size() < k) {
                list.add(id);
            }
        }
        return list;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static Ranker scripted(BiFunction<List<Interaction>, Integer, List<ItemId>> home,
                                   BiFunction<List<ItemId>, Integer, List<ItemId>> cart,
                                   BiFunction<ItemId, Integer, List<ItemId>> similar) {
        return new Ranker() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public List<ItemId> home(List<Interaction> history, int k) {
                return home.apply(history, k);
            }

            @Override
            public List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k) {
                return cart.apply(cartItems, k);
            }

            @Override
            public List<ItemId> similar(ItemId item, int k) {
                return similar.apply(item, k);
            }
        };
    }
}
