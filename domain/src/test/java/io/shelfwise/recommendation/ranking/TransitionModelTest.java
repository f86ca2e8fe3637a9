package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.event;
import static io.shelfwise.recommendation.ranking.Events.items;
import static io.shelfwise.recommendation.ranking.Events.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionModelTest {
    private static final EventWeights WEIGHTS = EventWeights.standard();

    /** Three shoppers go camera, then lens, then bag; one goes camera, then tripod. */
    private static List<ShopperEvent> visits() {
        return List.of(
                event("u1", EventType.VIEW, "2026-11-01T10:00:00Z", "camera"),
                event("u1", EventType.VIEW, "2026-11-01T10:05:00Z", "lens"),
                event("u1", EventType.ADD_TO_CART, "2026-11-01T10:09:00Z", "bag"),
                event("u2", EventType.VIEW, "2026-11-02T10:00:00Z", "camera"),
                event("u2", EventType.VIEW, "2026-11-02T10:01:00Z", "lens"),
                event("u2", EventType.VIEW, "2026-11-02T10:02:00Z", "bag"),
                event("u3", EventType.VIEW, "2026-11-03T10:00:00Z", "camera"),
                event("u3", EventType.ADD_TO_CART, "2026-11-03T10:03:00Z", "lens"),
                event("u3", EventType.VIEW, "2026-11-03T10:04:00Z", "bag"),
                event("u4", EventType.VIEW, "2026-11-04T10:00:00Z", "camera"),
                event("u4", EventType.VIEW, "2026-11-04T10:01:00Z", "tripod"));
    }

    private static TransitionModel model(List<ShopperEvent> events) {
        return TransitionModel.train("sequence", events, id -> true, WEIGHTS, TransitionModel.Config.defaults());
    }

    @Test
    void transitions_have_a_direction_and_the_most_frequent_next_item_comes_first() {
        TransitionModel model = model(visits());
        assertEquals(items("lens", "tripod"), model.successorsOf(new ItemId("camera")));
        assertEquals(items("bag"), model.successorsOf(new ItemId("lens")), "after the lens the bag, never the camera");
        assertEquals(List.of(), model.successorsOf(new ItemId("bag")), "nothing followed the bag");
    }

    @Test
    void home_scores_the_successors_of_the_latest_items_the_newest_counting_most() {
        TransitionModel model = model(visits());
        assertEquals(items("lens", "tripod"), model.home(List.of(touch("camera", EventType.VIEW,
                "2026-11-05T10:00:00Z")), 10));
        // Lens last, camera before it: the bag (after the lens, weight 1) ahead of the tripod (after the camera,
        // halved). The lens, after the camera too, stays a candidate: only what was bought is left out.
        List<ItemId> home = model.home(List.of(touch("camera", EventType.VIEW, "2026-11-05T10:00:00Z"),
                touch("lens", EventType.VIEW, "2026-11-05T10:01:00Z")), 10);
        assertEquals(new ItemId("bag"), home.getFirst(), home.toString());
        assertTrue(home.indexOf(new ItemId("tripod")) > 0, home.toString());
    }

    @Test
    void bought_and_out_of_stock_items_are_left_out_and_other_surfaces_get_nothing() {
        TransitionModel model = TransitionModel.train("sequence", visits(), id -> !id.value().equals("tripod"),
                WEIGHTS, TransitionModel.Config.defaults());
        List<Interaction> history = List.of(touch("lens", EventType.PURCHASE, "2026-11-05T09:00:00Z"),
                touch("camera", EventType.VIEW, "2026-11-05T10:00:00Z"));
        assertEquals(items("bag"), model.home(history, 10), "the lens was bought and the tripod is out of stock; "
                + "the bag follows the lens the shopper bought");
        assertEquals(List.of(), model.cart(items("camera"), history, 10));
        assertEquals(List.of(), model.similar(new ItemId("camera"), 10));
    }

    @Test
    void events_further_apart_than_the_gap_are_not_a_transition() {
        List<ShopperEvent> apart = List.of(
                event("u1", EventType.VIEW, "2026-11-01T10:00:00Z", "camera"),
                event("u1", EventType.VIEW, "2026-11-01T12:00:00Z", "lens"));
        assertEquals(List.of(), model(apart).successorsOf(new ItemId("camera")));
        TransitionModel patient = TransitionModel.train("sequence", apart, id -> true, WEIGHTS,
                new TransitionModel.Config(Duration.ofHours(3), 20, 3, 0.5));
        assertEquals(items("lens"), patient.successorsOf(new ItemId("camera")));
    }
}
