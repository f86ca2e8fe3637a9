package io.shelfwise.recommendation.evaluation;

import static io.shelfwise.recommendation.ranking.Events.event;
import static io.shelfwise.recommendation.ranking.Events.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ranking.Events;
import io.shelfwise.recommendation.ranking.Interaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeSplitTest {

    @Test
    void cutoff_is_midnight_utc_at_the_start_of_the_first_of_the_last_n_days() {
        List<ShopperEvent> events = List.of(
                event("u", EventType.VIEW, "2026-02-01T08:00:00Z", "a"),
                event("u", EventType.VIEW, "2026-03-10T23:59:59Z", "a"));

        assertEquals(Instant.parse("2026-03-04T00:00:00Z"), TimeSplit.lastDays(events, 7).cutoff());
        assertEquals(Instant.parse("2026-03-10T00:00:00Z"), TimeSplit.lastDays(events, 1).cutoff());
    }

    @Test
    void event_at_the_cutoff_is_test_and_one_a_second_earlier_is_train() {
        ShopperEvent before = event("u", EventType.VIEW, "2026-03-03T23:59:59Z", "a");
        ShopperEvent at = event("u", EventType.VIEW, "2026-03-04T00:00:00Z", "b");
        ShopperEvent last = event("u", EventType.VIEW, "2026-03-10T12:00:00Z", "c");
        List<ShopperEvent> events = List.of(last, at, before);

        TimeSplit.Parts parts = TimeSplit.lastDays(events, 7).split(events);

        assertEquals(List.of(before), parts.train());
        assertEquals(List.of(last, at), parts.test());
    }

    @Test
    void latest_event_at_midnight_opens_its_own_day() {
        List<ShopperEvent> events = List.of(
                event("u", EventType.VIEW, "2026-03-09T23:00:00Z", "a"),
                event("u", EventType.VIEW, "2026-03-10T00:00:00Z", "b"));
        TimeSplit.Parts parts = TimeSplit.lastDays(events, 1).split(events);
        assertEquals(1, parts.train().size());
        assertEquals(List.of(item("b")), parts.test().getFirst().itemIds());
    }

    @Test
    void histories_are_per_shopper_oldest_first_one_interaction_per_item_and_skip_searches() {
        ShopperEvent later = event("u", EventType.PURCHASE, "2026-03-02T10:00:00Z", "a", "b");
        ShopperEvent earlier = event("u", EventType.VIEW, "2026-03-01T10:00:00Z", "a");
        ShopperEvent search = Events.search("u", "2026-03-01T11:00:00Z", "tents");
        ShopperEvent other = event("v", EventType.VIEW, "2026-03-01T10:00:00Z", "c");

        Map<String, List<Interaction>> histories = TimeSplit.histories(List.of(later, search, other, earlier));

        assertEquals(Set.of("u", "v"), histories.keySet());
        assertEquals(List.of(
                new Interaction(item("a"), EventType.VIEW, earlier.occurredAt()),
                new Interaction(item("a"), EventType.PURCHASE, later.occurredAt()),
                new Interaction(item("b"), EventType.PURCHASE, later.occurredAt())), histories.get("u"));
    }

    @Test
    void targets_are_the_distinct_items_added_to_cart_or_bought_in_the_order_first_reached() {
        List<ShopperEvent> test = List.of(
                event("u", EventType.VIEW, "2026-03-05T10:00:00Z", "viewed"),
                event("u", EventType.ADD_TO_CART, "2026-03-05T10:01:00Z", "tent"),
                event("u", EventType.PURCHASE, "2026-03-05T10:02:00Z", "tent", "stove"),
                event("u", EventType.REMOVE_FROM_CART, "2026-03-05T10:03:00Z", "removed"),
                event("w", EventType.VIEW, "2026-03-05T10:00:00Z", "only-viewed"));

        Map<String, Set<ItemId>> targets = TimeSplit.targets(test);

        assertEquals(Set.of("u"), targets.keySet());
        assertEquals(List.of(item("tent"), item("stove")), List.copyOf(targets.get("u")));
    }

    @Test
    void an_empty_event_list_or_fewer_than_one_test_day_cannot_be_split() {
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.lastDays(List.of(), 7));
        List<ShopperEvent> one = List.of(event("u", EventType.VIEW, "2026-03-05T10:00:00Z", "a"));
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.lastDays(one, 0));
    }
}
