package io.shelfwise.events;

import io.shelfwise.common.LimitExceededException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.testing.EventDraft;
import io.shelfwise.testing.InMemoryEventStore;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.TestAccess;
import io.shelfwise.testing.TestPolicies;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventServiceTest {
    private static final TenantAccess ACME = TestAccess.of("acme");
    private static final TenantAccess GLOBEX = TestAccess.of("globex");
    private static final YearMonth MARCH = YearMonth.of(2026, 3);

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final EventService service = new EventService(store, clock);

    private ShopperEvent view(String eventId) {
        return view(eventId, clock.instant());
    }

    private ShopperEvent view(String eventId, Instant at) {
        return EventDraft.view(eventId, "sku-1", at).build(service.latestAcceptedTimestamp());
    }

    private List<ShopperEvent> views(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> view(prefix + i)).toList();
    }

    private List<String> storedIds(TenantAccess tenant) {
        return store.eventsOf(tenant.tenantId()).stream().map(s -> s.event().eventId()).toList();
    }

    @Test
    void an_import_takes_ten_times_a_tracked_batch_idempotently_and_no_more() {
        List<ShopperEvent> history = views("h-", EventService.MAX_IMPORT_BATCH);
        assertEquals(EventService.MAX_IMPORT_BATCH, service.importHistory(ACME, history).accepted());
        assertEquals(0, service.importHistory(ACME, history).accepted(), "a retried import stores nothing twice");
        assertEquals(EventService.MAX_IMPORT_BATCH, store.eventsOf(ACME.tenantId()).size());
        assertThrows(io.shelfwise.common.LimitExceededException.class,
                () -> service.importHistory(ACME, views("x-", EventService.MAX_IMPORT_BATCH + 1)));
        assertThrows(io.shelfwise.common.LimitExceededException.class, () -> service.track(ACME, views("y-", 501)));
    }

    @Test
    void new_events_are_stored_with_the_time_they_were_received() {
        TrackResult result = service.track(ACME, List.of(view("e1"), view("e2")));

        assertEquals(new TrackResult(2, 0), result);
        assertEquals(List.of("e1", "e2"), storedIds(ACME));
        assertEquals(clock.instant(), store.eventsOf(ACME.tenantId()).get(0).receivedAt());
        assertEquals(2, store.acceptedIn(ACME.tenantId(), MARCH));
    }

    @Test
    void event_sent_again_in_a_later_batch_is_stored_once_and_counted_as_duplicate() {
        service.track(ACME, List.of(view("e1"), view("e2")));

        TrackResult retry = service.track(ACME, List.of(view("e2"), view("e3")));

        assertEquals(new TrackResult(1, 1), retry);
        assertEquals(List.of("e1", "e2", "e3"), storedIds(ACME));
        assertEquals(3, store.acceptedIn(ACME.tenantId(), MARCH));
    }

    @Test
    void event_repeated_inside_one_batch_is_stored_once_and_counted_as_duplicate() {
        TrackResult result = service.track(ACME, List.of(view("e1"), view("e1"), view("e2"), view("e1")));

        assertEquals(new TrackResult(2, 2), result);
        assertEquals(List.of("e1", "e2"), storedIds(ACME));
        assertEquals(2, store.acceptedIn(ACME.tenantId(), MARCH));
    }

    @Test
    void same_event_id_from_two_tenants_is_stored_for_each() {
        assertEquals(new TrackResult(1, 0), service.track(ACME, List.of(view("e1"))));
        assertEquals(new TrackResult(1, 0), service.track(GLOBEX, List.of(view("e1"))));
        assertEquals(List.of("e1"), storedIds(GLOBEX));
        assertEquals(1, store.acceptedIn(GLOBEX.tenantId(), MARCH));
    }

    @Test
    void batch_that_would_pass_the_monthly_quota_is_refused_until_next_month() {
        clock.set(Instant.parse("2026-03-31T22:30:00Z"));
        TenantAccess small = TestAccess.of("acme", TestPolicies.withEventsPerMonth(3));
        service.track(small, List.of(view("e1"), view("e2")));

        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> service.track(small, List.of(view("e3"), view("e4"))));

        assertEquals(LimitExceededException.Kind.QUOTA, e.kind());
        assertEquals("events", e.field());
        assertEquals(Duration.ofMinutes(90), e.retryAfter());
        assertEquals("tenant 'acme' has used 2 of its 3 events for 2026-03; this batch has 2 new ones",
                e.getMessage());
        assertEquals(List.of("e1", "e2"), storedIds(small));
        assertEquals(2, store.acceptedIn(small.tenantId(), MARCH));
    }

    @Test
    void batch_that_exactly_reaches_the_quota_is_accepted_and_the_next_event_is_not() {
        TenantAccess small = TestAccess.of("acme", TestPolicies.withEventsPerMonth(3));
        assertEquals(new TrackResult(3, 0), service.track(small, views("e", 3)));
        assertThrows(LimitExceededException.class, () -> service.track(small, List.of(view("e9"))));
    }

    @Test
    void retrying_a_stored_batch_at_the_quota_answers_duplicates_instead_of_quota_exceeded() {
        TenantAccess small = TestAccess.of("acme", TestPolicies.withEventsPerMonth(2));
        service.track(small, views("e", 2));
        assertEquals(new TrackResult(0, 2), service.track(small, views("e", 2)));
        assertEquals(new TrackResult(1, 1), service.track(TestAccess.of("acme",
                TestPolicies.withEventsPerMonth(3)), List.of(view("e0"), view("new"))));
    }

    @Test
    void repeats_inside_one_batch_count_once_against_the_quota() {
        TenantAccess small = TestAccess.of("acme", TestPolicies.withEventsPerMonth(2));
        assertEquals(new TrackResult(2, 2), service.track(small, List.of(view("a"), view("a"), view("b"),
                view("b"))));
    }

    @Test
    void quota_starts_afresh_in_the_next_calendar_month_utc() {
        clock.set(Instant.parse("2026-03-31T23:59:59Z"));
        TenantAccess small = TestAccess.of("acme", TestPolicies.withEventsPerMonth(2));
        service.track(small, views("march-", 2));
        assertThrows(LimitExceededException.class, () -> service.track(small, List.of(view("x"))));

        clock.advance(Duration.ofSeconds(1));

        assertEquals(new TrackResult(2, 0), service.track(small, views("april-", 2)));
        assertEquals(2, store.acceptedIn(small.tenantId(), YearMonth.of(2026, 4)));
        assertEquals(2, store.acceptedIn(small.tenantId(), MARCH));
    }

    @Test
    void one_tenants_quota_use_does_not_count_against_another() {
        TenantAccess acme = TestAccess.of("acme", TestPolicies.withEventsPerMonth(2));
        TenantAccess globex = TestAccess.of("globex", TestPolicies.withEventsPerMonth(2));
        service.track(acme, views("a", 2));
        assertEquals(new TrackResult(2, 0), service.track(globex, views("g", 2)));
    }

    @Test
    void empty_batch_is_rejected() {
        ValidationException e = assertThrows(ValidationException.class, () -> service.track(ACME, List.of()));
        assertEquals("events: must hold at least one event", e.getMessage());
    }

    @Test
    void batch_of_500_events_is_accepted_and_501_is_too_large() {
        assertEquals(new TrackResult(500, 0), service.track(ACME, views("a", 500)));

        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> service.track(GLOBEX, views("b", 501)));
        assertEquals(LimitExceededException.Kind.REQUEST_SIZE, e.kind());
        assertEquals("events", e.field());
        assertNull(e.retryAfter());
        assertEquals(List.of(), storedIds(GLOBEX));
    }

    @Test
    void latest_accepted_timestamp_is_now_plus_five_minutes() {
        assertEquals(Instant.parse("2026-03-10T12:05:00Z"), service.latestAcceptedTimestamp());
        clock.advance(Duration.ofHours(1));
        assertEquals(Instant.parse("2026-03-10T13:05:00Z"), service.latestAcceptedTimestamp());
    }

    @Test
    void shoppers_recent_events_come_newest_first_and_only_their_own() {
        Instant t = clock.instant();
        service.track(ACME, List.of(view("old", t.minusSeconds(60)), view("new", t),
                view("mid", t.minusSeconds(30)),
                EventDraft.view("other", "sku-1", t).userId("user-2").build(service.latestAcceptedTimestamp())));

        List<String> recent = service.recentOf(ACME.tenantId(), "user-1", 2).stream()
                .map(s -> s.event().eventId()).toList();

        assertEquals(List.of("new", "mid"), recent);
        assertEquals(List.of(), service.recentOf(GLOBEX.tenantId(), "user-1", 10));
    }

    @Test
    void recent_events_limit_must_be_between_1_and_500() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> service.recentOf(ACME.tenantId(), "user-1", 0));
        assertEquals("limit: must be between 1 and 500", e.getMessage());
        assertThrows(ValidationException.class, () -> service.recentOf(ACME.tenantId(), "user-1", 501));
        assertEquals(List.of(), service.recentOf(ACME.tenantId(), "user-1", 500));
    }
}
