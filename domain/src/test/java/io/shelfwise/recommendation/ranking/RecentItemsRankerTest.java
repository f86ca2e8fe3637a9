package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.item;
import static io.shelfwise.recommendation.ranking.Events.items;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentItemsRankerTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static Interaction seen(String item, EventType type) {
        return new Interaction(item(item), type, AT);
    }

    private static RecentItemsRanker ranker(double decay, Set<ItemId> outOfStock) {
        return new RecentItemsRanker(EventWeights.standard(), i -> !outOfStock.contains(i), decay);
    }

    @Test
    void the_newest_and_strongest_items_come_first_and_bought_ones_never() {
        // Oldest first: a viewed, b carted, c viewed, d bought (also viewed before), c viewed again.
        List<Interaction> history = List.of(seen("a", EventType.VIEW), seen("d", EventType.VIEW),
                seen("b", EventType.ADD_TO_CART), seen("c", EventType.VIEW), seen("d", EventType.PURCHASE),
                seen("c", EventType.VIEW));

        List<ItemId> list = ranker(0.9, Set.of()).home(history, 10);

        // b's cart outweighs c's two views; a, viewed longest ago, is last; d was bought.
        assertEquals(items("b", "c", "a"), list);
    }

    @Test
    void without_decay_only_the_weights_count_and_ties_keep_the_newest_first() {
        List<Interaction> history = List.of(seen("a", EventType.VIEW), seen("b", EventType.VIEW));

        assertEquals(items("b", "a"), ranker(1.0, Set.of()).home(history, 10));
        assertEquals(items("b"), ranker(1.0, Set.of()).home(history, 1));
    }

    @Test
    void out_of_stock_items_are_left_out_and_other_surfaces_get_nothing() {
        List<Interaction> history = List.of(seen("a", EventType.VIEW), seen("b", EventType.VIEW));

        assertEquals(items("a"), ranker(0.9, Set.of(item("b"))).home(history, 10));
        assertTrue(ranker(0.9, Set.of()).cart(items("a"), history, 5).isEmpty());
        assertTrue(ranker(0.9, Set.of()).similar(item("a"), 5).isEmpty());
    }

    @Test
    void decay_must_be_in_range() {
        assertThrows(IllegalArgumentException.class, () -> ranker(0.0, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> ranker(1.5, Set.of()));
    }
}
