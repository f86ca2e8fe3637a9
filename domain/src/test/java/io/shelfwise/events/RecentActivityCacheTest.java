package io.shelfwise.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.testing.EventDraft;
import io.shelfwise.testing.InMemoryEventStore;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.TestAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Shoppers' activity (what recommendations read of their latest events) stays in memory until another process
 * stores events for the tenant; this process's own events are merged at once.
 */
class RecentActivityCacheTest {
    private static final TenantAccess ACME = TestAccess.of("acme");
    private static final TenantAccess GLOBEX = TestAccess.of("globex");
    private static final Duration CHECK = Duration.ofSeconds(1);

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final EventService here = new EventService(store, clock, CHECK, 3);
    private final EventService otherReplica = new EventService(store, clock, CHECK, 3);

    @Test
    void with_no_other_writer_a_shopper_is_read_from_the_store_once_however_much_time_passes() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10), view("e2", "u1", "b", 5)));
        int before = store.recentReads();
        assertEquals(List.of("b", "a"), items(here.activityOf(ACME.tenantId(), "u1")));
        clock.advance(Duration.ofMinutes(30));
        assertEquals(List.of("b", "a"), items(here.activityOf(ACME.tenantId(), "u1")));
        clock.advance(Duration.ofHours(5));
        assertEquals(List.of("b", "a"), items(here.activityOf(ACME.tenantId(), "u1")));
        assertEquals(before + 1, store.recentReads());
    }

    @Test
    void an_event_stored_here_is_merged_into_the_held_activity_in_time_order_without_a_store_read() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10)));
        here.activityOf(ACME.tenantId(), "u1");
        int before = store.recentReads();
        // One newer, one older than what is held (a late event from the shopper's device).
        here.track(ACME, List.of(view("e2", "u1", "b", 5), view("e0", "u1", "z", 60)));
        clock.advance(Duration.ofMinutes(1));

        RecentActivity activity = here.activityOf(ACME.tenantId(), "u1");

        assertEquals(List.of("b", "a", "z"), items(activity));
        assertEquals(EventType.VIEW, activity.type(0));
        assertEquals(clock.instant().minusSeconds(65), activity.occurredAt(0));
        assertEquals(before, store.recentReads());
    }

    @Test
    void an_event_another_process_stores_counts_once_the_tenant_counter_is_checked_again() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10)));
        here.activityOf(ACME.tenantId(), "u1");
        otherReplica.track(ACME, List.of(view("e2", "u1", "b", 5)));

        assertEquals(List.of("a"), items(here.activityOf(ACME.tenantId(), "u1")), "until the next check");
        clock.advance(CHECK);
        assertEquals(List.of("b", "a"), items(here.activityOf(ACME.tenantId(), "u1")));
    }

    @Test
    void another_tenants_writes_elsewhere_leave_this_tenants_activity_in_memory() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10)));
        here.activityOf(ACME.tenantId(), "u1");
        int before = store.recentReads();
        otherReplica.track(GLOBEX, List.of(view("g1", "u1", "x", 5)));
        clock.advance(CHECK);

        assertEquals(List.of("a"), items(here.activityOf(ACME.tenantId(), "u1")));
        assertEquals(before, store.recentReads());
    }

    @Test
    void at_most_capacity_shoppers_are_held_and_the_least_recently_read_goes_first() {
        for (String user : List.of("u1", "u2", "u3", "u4")) {
            here.track(ACME, List.of(view("e-" + user, user, "a", 10)));
        }
        here.activityOf(ACME.tenantId(), "u1");
        here.activityOf(ACME.tenantId(), "u2");
        here.activityOf(ACME.tenantId(), "u3");
        here.activityOf(ACME.tenantId(), "u1");
        int before = store.recentReads();
        here.activityOf(ACME.tenantId(), "u4"); // capacity 3: u2 goes
        here.activityOf(ACME.tenantId(), "u1");
        here.activityOf(ACME.tenantId(), "u3");
        assertEquals(before + 1, store.recentReads());
        here.activityOf(ACME.tenantId(), "u2");
        assertEquals(before + 2, store.recentReads());
    }

    /** Shoppers u0..u4 of ACME viewing i0..i4, u4 active last, then u3, ...; and GLOBEX's own u4. */
    private void fiveShoppersAndAnotherTenant() {
        List<ShopperEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(view("p" + i, "u" + i, "i" + i, 100 - i));
        }
        otherReplica.track(ACME, events);
        otherReplica.track(GLOBEX, List.of(view("g1", "u4", "other", 1)));
    }

    @Test
    void a_preload_holds_the_most_recently_active_quarter_of_the_capacity_once_per_tenant() {
        EventService roomy = new EventService(store, clock, CHECK, 8);
        fiveShoppersAndAnotherTenant();
        int before = store.recentReads();

        roomy.preloadActivity(ACME.tenantId()).join();
        assertEquals(before + 1, store.recentReads(), "the shoppers' events in one read");
        assertEquals(List.of("i4"), items(roomy.activityOf(ACME.tenantId(), "u4")));
        assertEquals(List.of("i3"), items(roomy.activityOf(ACME.tenantId(), "u3")));
        assertEquals(before + 1, store.recentReads(), "the two most recent shoppers (8 / 4) are held");
        assertEquals(List.of("i2"), items(roomy.activityOf(ACME.tenantId(), "u2")));
        assertEquals(before + 2, store.recentReads(), "the third is read when first asked for");

        assertTrue(roomy.preloadActivity(ACME.tenantId()).isDone());
        assertEquals(before + 2, store.recentReads(), "once per tenant and process");
        assertEquals(List.of("other"), items(roomy.activityOf(GLOBEX.tenantId(), "u4")), "tenants stay apart");
    }

    @Test
    void a_preload_of_every_shopper_of_a_small_tenant_reads_its_log_once() {
        EventService roomy = new EventService(store, clock, CHECK, 40);
        fiveShoppersAndAnotherTenant();
        int reads = store.recentReads();
        int scans = store.logScans();

        roomy.preloadActivity(ACME.tenantId()).join();
        assertEquals(scans + 1, store.logScans(), "5 shoppers, fewer than the 10 a preload takes: one pass");
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of("i" + i), items(roomy.activityOf(ACME.tenantId(), "u" + i)));
        }
        assertEquals(reads, store.recentReads(), "every shopper held, none read on its own");
        assertEquals(List.of("other"), items(roomy.activityOf(GLOBEX.tenantId(), "u4")), "tenants stay apart");
    }

    @Test
    void a_prefetch_fills_the_activity_too_and_only_the_latest_fifty_events_are_held() {
        List<ShopperEvent> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(view("e" + i, "u1", "i" + i, 1000 - i));
        }
        otherReplica.track(ACME, many);
        here.prefetch(ACME.tenantId(), List.of("u1"));
        int before = store.recentReads();

        RecentActivity activity = here.activityOf(ACME.tenantId(), "u1");

        assertEquals(before, store.recentReads());
        assertEquals(RecentActivity.DEPTH, activity.eventCount());
        assertEquals("i59", activity.itemsOf(0).getFirst().value());
    }

    @Test
    void an_activity_load_keeps_every_shopper_but_one_written_while_it_ran() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10), view("e2", "u2", "b", 10)));
        // The live store sends u1's next event while the audience is being read.
        store.beforeNextRead(() -> here.track(ACME, List.of(view("e3", "u1", "c", 1))));
        here.prefetchActivity(ACME.tenantId(), List.of("u1", "u2"));
        int before = store.recentReads();

        assertEquals(List.of("b"), items(here.activityOf(ACME.tenantId(), "u2")));
        assertEquals(before, store.recentReads(), "u2 was kept from the load");
        assertEquals(List.of("c", "a"), items(here.activityOf(ACME.tenantId(), "u1")));
        assertEquals(before + 1, store.recentReads(), "u1, written meanwhile, is read again");
    }

    @Test
    void more_shoppers_than_the_cache_holds_are_not_loaded_ahead() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10)));
        int before = store.recentReads();
        here.prefetchActivity(ACME.tenantId(), List.of("u1", "u2", "u3", "u4"));
        assertEquals(before, store.recentReads());
    }

    @Test
    void a_campaign_sized_audience_is_read_in_one_pass_over_the_log_and_then_served_from_memory() {
        EventService large = new EventService(store, clock, CHECK, 50_000);
        List<String> audience = audienceTrackedByAnotherReplica();
        otherReplica.track(ACME, List.of(view("late", "u17", "x", 5), view("other", "not-in-audience", "y", 5)));

        large.prefetchActivity(ACME.tenantId(), audience);
        int reads = store.recentReads();

        assertEquals(1, store.logScans());
        assertEquals(List.of("x", "i3"), items(large.activityOf(ACME.tenantId(), "u17")));
        assertEquals(List.of("i0"), items(large.activityOf(ACME.tenantId(), "u19999")));
        assertEquals(reads, store.recentReads(), "served from memory");
        large.prefetchActivity(ACME.tenantId(), audience);
        assertEquals(1, store.logScans(), "held shoppers are not read again");
    }

    @Test
    void a_batch_ranked_while_the_audience_loads_in_the_background_waits_for_that_load_instead_of_reading_its_own()
            throws Exception {
        EventService large = new EventService(store, clock, CHECK, 50_000);
        List<String> audience = audienceTrackedByAnotherReplica();
        CountDownLatch scanning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.beforeNextRead(() -> {
            scanning.countDown();
            await(release);
        });
        int reads = store.recentReads();

        CompletableFuture<Void> load = large.prefetchActivityInBackground(ACME.tenantId(), audience);
        assertTrue(scanning.await(10, TimeUnit.SECONDS), "the load runs on another thread");
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() ->
                large.prefetchActivity(ACME.tenantId(), audience.subList(0, 2_000)));
        Thread.sleep(200);
        assertFalse(batch.isDone(), "the batch waits while the audience loads");
        release.countDown();
        load.get(10, TimeUnit.SECONDS);
        batch.get(10, TimeUnit.SECONDS);

        assertEquals(1, store.logScans());
        assertEquals(reads, store.recentReads(), "the batch's shoppers came from the audience's load");
        assertEquals(List.of("i3"), items(large.activityOf(ACME.tenantId(), "u10")));
        assertEquals(reads, store.recentReads());
    }

    @Test
    void shoppers_outside_a_running_background_load_are_read_at_once_without_waiting_for_it() throws Exception {
        EventService large = new EventService(store, clock, CHECK, 50_000);
        List<String> audience = audienceTrackedByAnotherReplica();
        otherReplica.track(ACME, List.of(view("s1", "stranger", "z", 100)));
        CountDownLatch scanning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.beforeNextRead(() -> {
            scanning.countDown();
            await(release);
        });

        CompletableFuture<Void> load = large.prefetchActivityInBackground(ACME.tenantId(), audience);
        assertTrue(scanning.await(10, TimeUnit.SECONDS), "the load runs on another thread");
        try {
            CompletableFuture.runAsync(() -> large.prefetchActivity(ACME.tenantId(), List.of("stranger")))
                    .get(5, TimeUnit.SECONDS);
            assertFalse(load.isDone(), "the audience is still loading");
            assertEquals(List.of("z"), items(large.activityOf(ACME.tenantId(), "stranger")));
        } finally {
            release.countDown();
        }
        load.get(10, TimeUnit.SECONDS);
    }

    /** A campaign audience large enough to be read in one pass over the log: u0, u1, ... each viewed one item. */
    private List<String> audienceTrackedByAnotherReplica() {
        List<String> audience = new ArrayList<>();
        List<ShopperEvent> events = new ArrayList<>();
        for (int i = 0; i < EventService.SCAN_FROM; i++) {
            events.add(view("e" + i, "u" + i, "i" + i % 7, 100));
            audience.add("u" + i);
            if (events.size() == 500) {
                otherReplica.track(ACME, events);
                events = new ArrayList<>();
            }
        }
        if (!events.isEmpty()) {
            otherReplica.track(ACME, events);
        }
        return audience;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_new_month_starts_a_new_counter_and_the_activity_is_read_again() {
        here.track(ACME, List.of(view("e1", "u1", "a", 10)));
        here.activityOf(ACME.tenantId(), "u1");
        int before = store.recentReads();
        clock.advance(Duration.ofDays(30));
        here.activityOf(ACME.tenantId(), "u1");
        assertEquals(before + 1, store.recentReads());
    }

    @Test
    void held_activity_holds_the_catalogs_instance_of_an_id_and_one_shared_instance_of_any_other() {
        ItemId catalogs = new ItemId("a");
        EventService withCatalog = new EventService(store, clock, CHECK, 8,
                tenant -> tenant.equals(ACME.tenantId()) ? id -> id.equals(catalogs) ? catalogs : id : id -> id);
        here.track(ACME, List.of(view("e1", "u1", "a", 10), view("e2", "u1", "b", 5), view("e3", "u2", "b", 4)));
        here.track(GLOBEX, List.of(view("g1", "u1", "a", 3)));

        RecentActivity u1 = withCatalog.activityOf(ACME.tenantId(), "u1");
        RecentActivity u2 = withCatalog.activityOf(ACME.tenantId(), "u2");
        withCatalog.track(ACME, List.of(view("e4", "u1", "a", 1)));
        RecentActivity merged = withCatalog.activityOf(ACME.tenantId(), "u1");

        assertEquals(List.of("b", "a"), items(u1));
        assertSame(catalogs, u1.itemsOf(1).getFirst());
        assertSame(u1.itemsOf(0).getFirst(), u2.itemsOf(0).getFirst(), "b is not in the catalog: one instance");
        assertEquals(List.of("a", "b", "a"), items(merged));
        // Events merged as they are stored take the tenant's own instances: no catalog lookup on every batch.
        assertSame(merged.itemsOf(0).getFirst(), merged.itemsOf(2).getFirst(), "one instance of a per tenant");
        assertNotSame(catalogs, withCatalog.activityOf(GLOBEX.tenantId(), "u1").itemsOf(0).getFirst(),
                "another tenant's catalog is its own");
    }

    private ShopperEvent view(String id, String user, String item, int secondsAgo) {
        return EventDraft.view(id, item, clock.instant().minusSeconds(secondsAgo)).userId(user)
                .build(clock.instant().plusSeconds(300));
    }

    private static List<String> items(RecentActivity activity) {
        List<String> items = new ArrayList<>();
        for (int e = 0; e < activity.eventCount(); e++) {
            activity.itemsOf(e).stream().map(ItemId::value).forEach(items::add);
        }
        return items;
    }
}
