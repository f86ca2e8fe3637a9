package io.shelfwise.recommendation.training;

import static io.shelfwise.recommendation.ranking.Events.event;
import static io.shelfwise.recommendation.ranking.Events.items;
import static io.shelfwise.recommendation.ranking.Events.search;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.events.EventType;
import io.shelfwise.recommendation.ranking.EventWeights;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingInteractionsTest {

    @Test
    void repeated_pairs_are_summed_by_event_weight_and_indexed_in_the_order_first_met() {
        Interactions data = TrainingInteractions.from(List.of(
                event("u1", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
                event("u2", EventType.ADD_TO_CART, "2026-03-01T10:01:00Z", "b", "a"),
                event("u1", EventType.PURCHASE, "2026-03-01T10:02:00Z", "a"),
                event("u1", EventType.CLICK, "2026-03-01T10:03:00Z", "b")), EventWeights.standard());

        assertEquals(List.of("u1", "u2"), data.users());
        assertEquals(items("a", "b"), data.items());
        assertArrayEquals(new int[] {0, 1, 1, 0}, data.user());
        assertArrayEquals(new int[] {0, 1, 0, 1}, data.item());
        // u1-a: view 1 + purchase 5; u2-b and u2-a: add-to-cart 3; u1-b: click 2.
        assertArrayEquals(new float[] {6, 3, 3, 2}, data.weight());
    }

    @Test
    void searches_events_without_a_shopper_and_types_without_weight_give_no_pair() {
        Interactions data = TrainingInteractions.from(List.of(
                search("u1", "2026-03-01T10:00:00Z", "boots"),
                event(null, EventType.VIEW, "2026-03-01T10:01:00Z", "a"),
                event("u1", EventType.REMOVE_FROM_CART, "2026-03-01T10:02:00Z", "b"),
                event("u1", EventType.VIEW, "2026-03-01T10:03:00Z", "c")), EventWeights.standard());

        assertEquals(List.of("u1"), data.users());
        assertEquals(items("c"), data.items());
        assertEquals(1, data.size());
    }
}
