package io.shelfwise.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.testing.EventDraft;
import io.shelfwise.testing.InMemoryEventStore;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.TestAccess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shopper's latest events are cached briefly; this process's own accepted events count at once. */
class ShopperEventsCacheTest {
    private static final TenantAccess ACME = TestAccess.of("acme");
    private static final Duration TTL = Duration.ofSeconds(1);

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final EventService here = new EventService(store, clock, TTL);
    private final EventService otherReplica = new EventService(store, clock, TTL);

    @Test
    void an_event_accepted_here_is_in_the_next_read_at_once_even_when_the_shopper_is_cached() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10)));
        assertEquals(List.of("e1"), ids(here.recentOf(ACME.tenantId(), "u1", 50)));
        here.track(ACME, List.of(view("e2", "u1", "b", 5), view("e3", "u2", "c", 5)));
        assertEquals(List.of("e2", "e1"), ids(here.recentOf(ACME.tenantId(), "u1", 50)));
        assertEquals(List.of("e2"), ids(here.recentOf(ACME.tenantId(), "u1", 1)));
    }

    @Test
    void an_event_accepted_by_another_process_counts_once_the_entry_expires() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10)));
        assertEquals(List.of("e1"), ids(here.recentOf(ACME.tenantId(), "u1", 50)));
        otherReplica.track(ACME, List.of(view("e2", "u1", "b", 5)));
        assertEquals(List.of("e1"), ids(here.recentOf(ACME.tenantId(), "u1", 50)), "cached");
        clock.advance(TTL);
        assertEquals(List.of("e2", "e1"), ids(here.recentOf(ACME.tenantId(), "u1", 50)));
    }

    @Test
    void a_retried_event_id_keeps_what_was_stored_first() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10)));
        here.recentOf(ACME.tenantId(), "u1", 50);
        here.track(ACME, List.of(view("e1", "u1", "other-item", 1), view("e2", "u1", "b", 5)));
        List<StoredEvent> recent = here.recentOf(ACME.tenantId(), "u1", 50);
        assertEquals(List.of("e2", "e1"), ids(recent));
        assertEquals("a", recent.get(1).event().itemIds().getFirst().value());
    }

    @Test
    void a_prefetch_loads_many_shoppers_in_one_store_read_and_the_next_reads_are_served_from_it() {
        otherReplica.track(ACME, List.of(view("e1", "u1", "a", 10), view("e2", "u2", "b", 10)));
        int before = store.recentReads();
        here.prefetch(ACME.tenantId(), List.of("u1", "u2", "u3"));
        assertEquals(before + 1, store.recentReads(), "one batched read");
        assertEquals(List.of("e1"), ids(here.recentOf(ACME.tenantId(), "u1", 50)));
        assertEquals(List.of("e2"), ids(here.recentOf(ACME.tenantId(), "u2", 50)));
        assertEquals(List.of(), here.recentOf(ACME.tenantId(), "u3", 50));
        assertEquals(before + 1, store.recentReads(), "served from the cache");
        here.prefetch(ACME.tenantId(), List.of("u1", "u2"));
        assertEquals(before + 1, store.recentReads(), "cached shoppers are not read again");
        clock.advance(TTL);
        otherReplica.track(ACME, List.of(view("e3", "u1", "c", 1)));
        here.prefetch(ACME.tenantId(), List.of("u1"));
        assertEquals(List.of("e3", "e1"), ids(here.recentOf(ACME.tenantId(), "u1", 50)), "expired entries reload");
    }

    @Test
    void reads_deeper_than_the_cache_go_to_the_store() {
        for (int i = 0; i < 60; i++) {
            here.track(ACME, List.of(view("e" + i, "u1", "a", 100 - i)));
        }
        assertEquals(50, here.recentOf(ACME.tenantId(), "u1", 50).size());
        assertEquals(60, here.recentOf(ACME.tenantId(), "u1", 100).size());
    }

    private ShopperEvent view(String id, String user, String item, int secondsAgo) {
        return EventDraft.view(id, item, clock.instant().minusSeconds(secondsAgo)).userId(user)
                .build(clock.instant().plusSeconds(300));
    }

    private static List<String> ids(List<StoredEvent> events) {
        return events.stream().map(s -> s.event().eventId()).toList();
    }
}
