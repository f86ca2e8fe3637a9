package io.shelfwise.recommendation.ranking;

import static io.shelfwise.recommendation.ranking.Events.event;
import static io.shelfwise.recommendation.ranking.Events.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongTermProfilesTest {
    private static final EventWeights WEIGHTS = EventWeights.standard();

    /**
     * The regular bought a tent and viewed boots three times and a lamp once in October, then viewed five
     * (depth) socks; the newcomer viewed a hat once.
     */
    private static List<ShopperEvent> events() {
        List<ShopperEvent> events = new ArrayList<>();
        events.add(event("regular", EventType.PURCHASE, "2026-10-01T10:00:00Z", "tent"));
        for (int i = 0; i < 3; i++) {
            events.add(event("regular", EventType.VIEW, "2026-10-02T1" + i + ":00:00Z", "boots"));
        }
        events.add(event("regular", EventType.VIEW, "2026-10-03T10:00:00Z", "lamp"));
        for (int i = 0; i < 5; i++) {
            events.add(event("regular", EventType.VIEW, "2026-11-0" + (i + 1) + "T10:00:00Z", "socks-" + i));
        }
        events.add(event("newcomer", EventType.VIEW, "2026-11-01T10:00:00Z", "hat"));
        return events;
    }

    @Test
    void a_regular_keeps_the_strongest_items_before_the_latest_events_oldest_first() {
        LongTermProfiles profiles = LongTermProfiles.of(events(), 5, 2, WEIGHTS);
        assertEquals(1, profiles.shoppers(), "only the shopper with more than 5 events");
        List<Interaction> profile = profiles.of("regular");
        assertEquals(List.of(new ItemId("tent"), new ItemId("boots")), profile.stream().map(Interaction::item)
                .toList(), "the purchase and the thrice-viewed boots; the lamp is the weakest of the three");
        assertEquals(EventType.PURCHASE, profile.getFirst().type());
        assertEquals(Instant.parse("2026-10-02T12:00:00Z"), profile.get(1).at(), "when the boots were seen last");
        assertEquals(List.of(), profiles.of("newcomer"));
    }

    @Test
    void the_profile_precedes_the_latest_events_and_a_shopper_without_one_keeps_their_history() {
        LongTermProfiles profiles = LongTermProfiles.of(events(), 5, 30, WEIGHTS);
        List<Interaction> latest = List.of(touch("socks-4", EventType.VIEW, "2026-11-05T10:00:00Z"));
        List<Interaction> extended = profiles.extend("regular", latest);
        assertEquals(List.of("tent", "boots", "lamp", "socks-4"), extended.stream().map(i -> i.item().value())
                .toList());
        assertSame(latest, profiles.extend("newcomer", latest));
        assertSame(latest, profiles.extend(null, latest), "an anonymous request");
        assertSame(latest, LongTermProfiles.EMPTY.extend("regular", latest));
        assertThrows(IllegalArgumentException.class, () -> LongTermProfiles.of(events(), 0, 30, WEIGHTS));
    }

    @Test
    void searches_count_towards_the_latest_events_a_request_reads() {
        List<ShopperEvent> events = List.of(
                event("searcher", EventType.VIEW, "2026-11-01T10:00:00Z", "map"),
                Events.search("searcher", "2026-11-02T10:00:00Z", "tent"),
                Events.search("searcher", "2026-11-03T10:00:00Z", "stove"),
                Events.search("searcher", "2026-11-04T10:00:00Z", "lamp"),
                event("searcher", EventType.VIEW, "2026-11-05T10:00:00Z", "stove"),
                event("searcher", EventType.VIEW, "2026-11-06T10:00:00Z", "lamp"));
        LongTermProfiles profiles = LongTermProfiles.of(events, 5, 30, WEIGHTS);
        assertEquals(List.of(new ItemId("map")), profiles.of("searcher").stream().map(Interaction::item).toList(),
                "six events, the latest five of them (three searches) read by a request: the map is older");
    }
}
