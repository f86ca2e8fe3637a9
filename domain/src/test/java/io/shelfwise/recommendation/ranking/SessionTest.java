package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.event;
import static io.shelfwise.recommendation.ranking.Events.items;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final Duration GAP = Duration.ofMinutes(30);

    @Test
    void a_pause_of_exactly_the_gap_continues_the_session_and_one_second_more_starts_a_new_one() {
        List<ShopperEvent> events = List.of(
                event("u", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
                event("u", EventType.VIEW, "2026-03-01T10:30:00Z", "b"),
                event("u", EventType.VIEW, "2026-03-01T11:00:01Z", "c"));

        List<Session> sessions = Session.split(events, GAP);

        assertEquals(2, sessions.size());
        assertEquals(items("a", "b"), sessions.get(0).interactions().stream().map(Interaction::item).toList());
        assertEquals(items("c"), sessions.get(1).interactions().stream().map(Interaction::item).toList());
    }

    @Test
    void a_search_keeps_the_session_alive_without_adding_an_interaction() {
        List<ShopperEvent> events = List.of(
                event("u", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
                Events.search("u", "2026-03-01T10:25:00Z", "tents"),
                event("u", EventType.VIEW, "2026-03-01T10:50:00Z", "b"));

        List<Session> sessions = Session.split(events, GAP);

        assertEquals(1, sessions.size());
        assertEquals(2, sessions.getFirst().interactions().size());
    }

    @Test
    void shoppers_never_share_a_session_and_sessions_come_in_start_order() {
        List<ShopperEvent> events = List.of(
                event("late", EventType.VIEW, "2026-03-01T10:05:00Z", "b"),
                event("early", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
                event("early", EventType.VIEW, "2026-03-01T10:01:00Z", "c"));

        List<Session> sessions = Session.split(events, GAP);

        assertEquals(List.of("early", "late"), sessions.stream().map(Session::shopper).toList());
    }

    @Test
    void items_are_distinct_in_the_order_first_touched_and_filtered_by_type() {
        Session session = Session.split(List.of(
                event("u", EventType.VIEW, "2026-03-01T10:00:00Z", "a"),
                event("u", EventType.PURCHASE, "2026-03-01T10:01:00Z", "b", "a"),
                event("u", EventType.VIEW, "2026-03-01T10:02:00Z", "b")), GAP).getFirst();

        assertEquals(items("a", "b"), List.copyOf(session.items(EnumSet.allOf(EventType.class))));
        assertEquals(items("b", "a"), List.copyOf(session.items(EnumSet.of(EventType.PURCHASE))));
    }

    @Test
    void a_shopper_with_only_searches_has_no_session() {
        assertEquals(List.of(), Session.split(List.of(Events.search("u", "2026-03-01T10:00:00Z", "x")), GAP));
        assertThrows(IllegalArgumentException.class, () -> Session.split(List.of(), Duration.ZERO));
    }
}
