package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.event;
import static io.shelfwise.recommendation.ranking.Events.item;
import static io.shelfwise.recommendation.ranking.Events.items;
import static io.shelfwise.recommendation.ranking.Events.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CooccurrenceModelTest {
    /** Similarities are held in 16 bits, within half a step (1 / 131,070) of their row's largest. */
    private static final double EPSILON = 1e-5;
    private static final Predicate<ItemId> ALL_IN_STOCK = id -> true;

    private static CooccurrenceModel.Config config(double alpha, int maxSessionItems) {
        return new CooccurrenceModel.Config(Duration.ofMinutes(30), EventWeights.standard(), 100, maxSessionItems,
                20, 0.9, alpha);
    }

    private static CooccurrenceModel train(List<ShopperEvent> events, Predicate<ItemId> inStock,
                                           CooccurrenceModel.Config config) {
        PopularityRanker popularity = PopularityRanker.train(events, inStock, PopularityModel.standard());
        return CooccurrenceModel.train(events, inStock, popularity, config);
    }

    /** Sessions {a:1, b:1}, {a:1, c:5} and {b:1}: N(a) = 2, N(b) = 2, N(c) = 25, C(a, b) = 1, C(a, c) = 5. */
    private static final List<ShopperEvent> SMALL = List.of(
            event("u1", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
            event("u1", EventType.VIEW, "2026-03-01T10:01:00Z", "b"),
            event("u2", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
            event("u2", EventType.PURCHASE, "2026-03-01T10:01:00Z", "c"),
            event("u3", EventType.VIEW, "2026-03-01T10:00:00Z", "b"));

    @Test
    void with_alpha_one_half_similarity_is_the_cosine_of_event_weighted_sessions() {
        CooccurrenceModel model = train(SMALL, ALL_IN_STOCK, config(0.5, 50));

        List<CooccurrenceModel.Neighbour> ofA = model.neighbours(item("a"));

        assertEquals(items("c", "b"), ofA.stream().map(CooccurrenceModel.Neighbour::item).toList());
        assertEquals(5 / Math.sqrt(2 * 25), ofA.get(0).similarity(), EPSILON);
        // The session where b was seen alone counts in N(b): without it the cosine would be 1 / sqrt(2).
        assertEquals(1 / Math.sqrt(2 * 2), ofA.get(1).similarity(), EPSILON);
    }

    @Test
    void a_model_given_the_catalogs_ids_holds_those_instances_and_the_same_neighbours() {
        ItemId c = item("c");
        PopularityRanker popularity = PopularityRanker.train(SMALL, ALL_IN_STOCK, PopularityModel.standard());
        CooccurrenceModel shared = CooccurrenceModel.train(SMALL, ALL_IN_STOCK, popularity, config(0.5, 50),
                id -> id.equals(c) ? c : id);
        List<CooccurrenceModel.Neighbour> ofA = shared.neighbours(item("a"));
        assertEquals(train(SMALL, ALL_IN_STOCK, config(0.5, 50)).neighbours(item("a")), ofA);
        assertTrue(ofA.get(0).item() == c, "c is the instance the map gave");
    }

    @Test
    void with_alpha_one_similarity_is_the_weighted_share_of_the_items_sessions_holding_the_neighbour() {
        CooccurrenceModel model = train(SMALL, ALL_IN_STOCK, config(1.0, 50));

        assertEquals(5.0 / 2, model.neighbours(item("a")).get(0).similarity(), EPSILON);
        assertEquals(5.0 / 25, model.neighbours(item("c")).get(0).similarity(), EPSILON);
        assertEquals(1.0 / 2, model.neighbours(item("b")).get(0).similarity(), EPSILON);
    }

    @Test
    void a_session_over_the_item_cap_keeps_its_most_weighted_items() {
        List<ShopperEvent> events = List.of(
                event("u1", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
                event("u1", EventType.VIEW, "2026-03-01T10:01:00Z", "b"),
                event("u1", EventType.PURCHASE, "2026-03-01T10:02:00Z", "c"));

        CooccurrenceModel model = train(events, ALL_IN_STOCK, config(0.5, 2));

        assertEquals(items("c"), model.neighbours(item("a")).stream().map(CooccurrenceModel.Neighbour::item).toList());
        assertEquals(List.of(), model.neighbours(item("b")), "among equal weights the earlier item stays");
    }

    /** Phones p1 and p2 are compared by viewing in 30 sessions; p1 is bought once with its case. */
    private static List<ShopperEvent> phonesAndCase() {
        List<ShopperEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(event("v" + i, EventType.VIEW, "2026-03-01T10:00:00Z", "p1"));
            events.add(event("v" + i, EventType.VIEW, "2026-03-01T10:01:00Z", "p2"));
        }
        events.add(event("buyer", EventType.PURCHASE, "2026-03-01T10:00:00Z", "p1", "case1"));
        events.add(event("other", EventType.VIEW, "2026-03-01T10:00:00Z", "sock"));
        return events;
    }

    @Test
    void cart_favours_what_is_bought_together_while_the_product_page_favours_what_is_looked_at_together() {
        CooccurrenceModel model = train(phonesAndCase(), ALL_IN_STOCK, CooccurrenceModel.Config.defaults());

        assertEquals(items("case1", "p2"), model.cart(items("p1"), List.of(), 2));
        assertEquals(items("p2", "case1"), model.similar(item("p1"), 2));
    }

    @Test
    void lists_the_graph_cannot_fill_are_filled_by_popularity_without_repeats() {
        CooccurrenceModel model = train(phonesAndCase(), ALL_IN_STOCK, CooccurrenceModel.Config.defaults());

        List<ItemId> similar = model.similar(item("case1"), 4);

        assertEquals(items("p1"), similar.subList(0, 1));
        assertEquals(Set.copyOf(items("p1", "p2", "sock")), Set.copyOf(similar), "case1 itself is never shown");
        assertEquals(items("p1", "p2", "case1"), model.similar(item("never-seen"), 3));
    }

    @Test
    void out_of_stock_items_never_appear_on_any_surface() {
        Predicate<ItemId> caseSoldOut = id -> !id.equals(item("case1"));
        CooccurrenceModel model = train(phonesAndCase(), caseSoldOut, CooccurrenceModel.Config.defaults());

        assertFalse(model.cart(items("p1"), List.of(), 10).contains(item("case1")));
        assertFalse(model.similar(item("p1"), 10).contains(item("case1")));
        assertFalse(model.home(List.of(touch("p1", EventType.VIEW, "2026-03-02T10:00:00Z")), 10)
                .contains(item("case1")));
        assertEquals(items("p2"), model.cart(items("p1"), List.of(), 1));
    }

    @Test
    void home_starts_from_the_most_recent_items_and_leaves_out_what_was_bought() {
        List<ShopperEvent> events = List.of(
                event("u1", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
                event("u1", EventType.VIEW, "2026-03-01T10:01:00Z", "b"),
                event("u2", EventType.VIEW, "2026-03-01T10:00:00Z", "c"),
                event("u2", EventType.VIEW, "2026-03-01T10:01:00Z", "d"),
                event("u3", EventType.VIEW, "2026-03-01T10:00:00Z", "e"),
                event("u3", EventType.VIEW, "2026-03-01T10:01:00Z", "f"));
        CooccurrenceModel model = train(events, ALL_IN_STOCK, config(0.85, 50));
        List<Interaction> history = List.of(
                touch("a", EventType.VIEW, "2026-03-02T10:00:00Z"),
                touch("c", EventType.VIEW, "2026-03-02T11:00:00Z"));

        assertEquals(items("d", "b"), model.home(history, 2), "c is the more recent, so its neighbour leads");

        List<Interaction> bought = new ArrayList<>(history);
        bought.add(touch("d", EventType.PURCHASE, "2026-03-02T11:05:00Z"));
        List<ItemId> afterPurchase = model.home(bought, 6);
        assertEquals(item("c"), afterPurchase.getFirst(), "d's neighbour, from the purchase, now leads");
        assertFalse(afterPurchase.contains(item("d")));
        assertTrue(afterPurchase.contains(item("b")));
    }
}
