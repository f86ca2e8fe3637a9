package io.shelfwise.adapters.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.AppendOutcome;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.StoredEvent;
import io.shelfwise.metering.UsageMetric;
import io.shelfwise.recommendation.ItemSignal;
import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.recommendation.SurfaceAttribution;
import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every SQL database behind the adapters must show; run against H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlAdaptersContract {
    private static final Instant NOW = Instant.parse("2026-11-20T10:15:30.123456Z");
    private static final YearMonth MONTH = YearMonth.of(2026, 11);
    private static final long QUOTA = 1_000_000;

    private SqlDatabase db;
    private JdbiTenantRepository tenants;
    private JdbiApiKeyRepository keys;
    private JdbiItemStore items;
    private JdbiEventStore events;
    private JdbiSignalSource signals;
    private final TenantId a = new TenantId("tenant-a");
    private final TenantId b = new TenantId("tenant-b");

    abstract DatabaseSettings settings();

    @BeforeAll
    void open() {
        db = SqlDatabase.open(settings());
        tenants = new JdbiTenantRepository(db);
        keys = new JdbiApiKeyRepository(db);
        items = new JdbiItemStore(db, Clock.fixed(NOW, ZoneOffset.UTC));
        events = new JdbiEventStore(db);
        signals = new JdbiSignalSource(db);
    }

    @AfterAll
    void close() {
        db.close();
    }

    /** Deletes every row of every table, children first: each test starts from an empty database. */
    static void emptyEveryTable(SqlDatabase db) {
        db.jdbi().useHandle(h -> {
            h.execute("DELETE FROM onboarding_steps");
            for (String table : JdbiTenantRecords.TENANT_TABLES) {
                h.execute("DELETE FROM " + table);
            }
            h.execute("DELETE FROM rollouts");
            h.execute("DELETE FROM tenants");
        });
    }

    @BeforeEach
    void emptyTablesAndTwoTenants() {
        emptyEveryTable(db);
        tenants.insert(new Tenant(a, "Store A", Tier.STANDARD, TenantState.ACTIVE, NOW));
        tenants.insert(new Tenant(b, "Store B", Tier.PREMIUM, TenantState.ACTIVE, NOW));
    }

    @Test
    void tenant_round_trips_and_a_taken_id_is_refused() {
        assertEquals(new Tenant(a, "Store A", Tier.STANDARD, TenantState.ACTIVE, NOW), tenants.find(a).orElseThrow());
        assertFalse(tenants.insert(new Tenant(a, "Other", Tier.ENTERPRISE, TenantState.ACTIVE, NOW)));
        assertEquals("Store A", tenants.find(a).orElseThrow().displayName());
        tenants.update(new Tenant(a, "Renamed", Tier.STANDARD, TenantState.SUSPENDED, NOW));
        assertEquals(TenantState.SUSPENDED, tenants.find(a).orElseThrow().state());
        assertEquals(List.of(a, b), tenants.list().stream().map(Tenant::id).toList());
        assertTrue(tenants.find(new TenantId("nobody")).isEmpty());
    }

    @Test
    void api_key_round_trips_with_its_dates_and_lists_per_tenant() {
        ApiKey key = new ApiKey(new ApiKeyId("key_0123456789abcdef"), a, "backend", "f".repeat(64), NOW, null, null);
        keys.insert(key);
        keys.insert(new ApiKey(new ApiKeyId("key_bbbbbbbbbbbbbbbb"), b, "other", "e".repeat(64), NOW, null, null));
        assertEquals(key, keys.find(key.id()).orElseThrow());
        ApiKey revoked = key.expiringAt(NOW.plusSeconds(60)).revokedAt(NOW.plusSeconds(5));
        keys.update(revoked);
        assertEquals(revoked, keys.find(key.id()).orElseThrow());
        assertEquals(List.of(key.id()), keys.listFor(a).stream().map(ApiKey::id).toList());
    }

    @Test
    void items_upsert_replaces_whole_items_and_keep_every_field() {
        Item shoe = item("sku-1", "Trail runner", "Acme", true);
        items.upsert(a, List.of(shoe, item("sku-2", "Sock", null, false)));
        assertEquals(shoe, items.find(a, shoe.id()).orElseThrow());
        Item changed = new Item(shoe.id(), "Trail runner 2", "Acme", List.of("Shoes"), new BigDecimal("79.5"),
                "EUR", false, Map.of());
        items.upsert(a, List.of(changed));
        assertEquals(changed, items.find(a, shoe.id()).orElseThrow());
        assertEquals(2, items.count(a));
        assertEquals(Set.of(new ItemId("sku-2")), items.existing(a, List.of(new ItemId("sku-2"), new ItemId("x"))));
    }

    @Test
    void items_of_one_tenant_are_invisible_to_another_even_with_the_same_id() {
        items.upsert(a, List.of(item("sku-1", "A's item", "Acme", true)));
        items.upsert(b, List.of(item("sku-1", "B's item", "Bolt", true)));
        assertEquals("A's item", items.find(a, new ItemId("sku-1")).orElseThrow().title());
        assertEquals("B's item", items.find(b, new ItemId("sku-1")).orElseThrow().title());
        assertTrue(items.delete(b, new ItemId("sku-1")).isPresent());
        assertTrue(items.find(a, new ItemId("sku-1")).isPresent());
        assertFalse(items.delete(b, new ItemId("sku-1")).isPresent());
        assertEquals(1, items.count(a));
        assertEquals(0, items.count(b));
    }

    @Test
    void item_listing_pages_in_id_order() {
        items.upsert(a, List.of(item("c", "C", null, true), item("a", "A", null, false), item("b", "B", null, true)));
        assertEquals(List.of("a", "b"), ids(items.list(a, null, 2)));
        assertEquals(List.of("c"), ids(items.list(a, new ItemId("b"), 2)));
    }

    @Test
    void every_catalog_change_raises_the_tenants_version_by_one_and_only_its_own() {
        assertEquals(0, items.version(a));
        assertEquals(1, items.upsert(a, List.of(item("x", "X", null, true), item("y", "Y", null, true))));
        assertEquals(2, items.upsert(a, List.of(item("x", "X2", null, false))));
        assertEquals(java.util.OptionalLong.of(3), items.delete(a, new ItemId("y")));
        assertTrue(items.delete(a, new ItemId("y")).isEmpty(), "deleting nothing changes nothing");
        assertEquals(3, items.version(a));
        assertEquals(0, items.version(b));
        assertEquals(java.util.Map.of(a, 3L), filtered(items.versions()), "every tenant's version in one read");
        assertEquals(1, items.upsert(b, List.of(item("x", "X", null, true))));
        assertEquals(java.util.Map.of(a, 3L, b, 1L), filtered(items.versions()));
    }

    /** The versions of this test's tenants (other tests' tenants share the database). */
    private java.util.Map<io.shelfwise.tenancy.TenantId, Long> filtered(
            java.util.Map<io.shelfwise.tenancy.TenantId, Long> versions) {
        java.util.Map<io.shelfwise.tenancy.TenantId, Long> ours = new java.util.HashMap<>(versions);
        ours.keySet().retainAll(java.util.Set.of(a, b));
        return ours;
    }

    @Test
    void appending_stores_each_event_id_once_and_counts_usage() {
        ShopperEvent view = event("e1", EventType.VIEW, "u1", NOW, "sku-1");
        assertEquals(1, fresh(events.appendNew(a, List.of(view, view), NOW, MONTH, QUOTA)));
        ShopperEvent second = event("e2", EventType.VIEW, "u1", NOW, "sku-2");
        assertEquals(1, fresh(events.appendNew(a, List.of(view, second), NOW, MONTH, QUOTA)));
        assertEquals(2, events.acceptedIn(a, MONTH));
        assertEquals(0, events.acceptedIn(b, MONTH));
        assertEquals(1, fresh(events.appendNew(b, List.of(view), NOW, MONTH, QUOTA)),
                "event ids are unique per tenant only");
    }

    @Test
    void recent_events_come_back_newest_first_with_every_field() {
        ShopperEvent purchase = new ShopperEvent("p1", EventType.PURCHASE, "u1", null,
                List.of(new ItemId("sku-2"), new ItemId("sku-1")), 2, new BigDecimal("19.9"), "EUR", null, null,
                NOW.minusSeconds(10));
        ShopperEvent search = new ShopperEvent("s1", EventType.SEARCH, "u1", null, List.of(), null, null, null,
                "red shoes", null, NOW);
        ShopperEvent other = event("x", EventType.VIEW, "u2", NOW, "sku-9");
        fresh(events.appendNew(a, List.of(purchase, search, other), NOW, MONTH, QUOTA));
        List<StoredEvent> recent = events.recentOf(a, "u1", 10);
        assertEquals(List.of(search, purchase), recent.stream().map(StoredEvent::event).toList());
        assertEquals(NOW, recent.get(0).receivedAt());
        assertTrue(events.recentOf(b, "u1", 10).isEmpty());
    }

    @Test
    void signals_are_counted_per_item_type_and_day_within_the_window() {
        Instant yesterday = NOW.minus(1, ChronoUnit.DAYS);
        fresh(events.appendNew(a, List.of(
                event("1", EventType.VIEW, "u1", NOW, "sku-1"),
                event("2", EventType.VIEW, "u2", NOW, "sku-1"),
                event("3", EventType.VIEW, "u2", yesterday, "sku-1"),
                event("4", EventType.ADD_TO_CART, "u2", NOW, "sku-1", "sku-2"),
                event("5", EventType.VIEW, "u3", NOW.minus(40, ChronoUnit.DAYS), "sku-3")), NOW, MONTH, QUOTA));
        fresh(events.appendNew(b, List.of(event("6", EventType.VIEW, "u1", NOW, "sku-1")), NOW, MONTH, QUOTA));
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        Set<ItemSignal> expected = Set.of(
                new ItemSignal(new ItemId("sku-1"), EventType.VIEW, today, 2),
                new ItemSignal(new ItemId("sku-1"), EventType.VIEW, today.minusDays(1), 1),
                new ItemSignal(new ItemId("sku-1"), EventType.ADD_TO_CART, today, 1),
                new ItemSignal(new ItemId("sku-2"), EventType.ADD_TO_CART, today, 1));
        assertEquals(expected, Set.copyOf(signals.signalsSince(a, NOW.minus(30, ChronoUnit.DAYS))));
        // Streamed (raw rows on H2, groups on PostgreSQL), the counts sum to the same groups.
        java.util.Map<ItemSignal, Long> streamed = new java.util.HashMap<>();
        signals.forEachSignal(a, NOW.minus(30, ChronoUnit.DAYS), (item, type, day, count) -> streamed.merge(
                new ItemSignal(new ItemId(item), type, LocalDate.ofEpochDay(day), 0), count, Long::sum));
        assertEquals(expected, streamed.entrySet().stream().map(e -> new ItemSignal(e.getKey().itemId(),
                e.getKey().type(), e.getKey().day(), e.getValue())).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void concurrent_writers_of_the_same_event_ids_store_each_once() throws Exception {
        List<ShopperEvent> batch = IntStream.range(0, 50)
                .mapToObj(i -> event("c" + i, EventType.VIEW, "u" + i, NOW, "sku-" + i)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> fresh(events.appendNew(a, batch, NOW, MONTH, QUOTA))));
            }
            int stored = 0;
            for (Future<Integer> r : results) {
                stored += r.get();
            }
            assertEquals(50, stored);
            assertEquals(50, events.acceptedIn(a, MONTH));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void usage_adds_up_per_tenant_and_period_and_counts_distinct_active_shoppers() {
        JdbiUsageStore usage = new JdbiUsageStore(db);
        usage.add(a, MONTH, Map.of(UsageMetric.RECOMMENDATION_REQUESTS, 5L, UsageMetric.MODELS_TRAINED, 1L));
        usage.add(a, MONTH, Map.of(UsageMetric.RECOMMENDATION_REQUESTS, 2L));
        usage.add(a, MONTH.minusMonths(1), Map.of(UsageMetric.RECOMMENDATION_REQUESTS, 100L));
        fresh(events.appendNew(a, List.of(event("1", EventType.VIEW, "u1", NOW, "s"),
                event("2", EventType.VIEW, "u1", NOW, "s"), event("3", EventType.VIEW, "u2", NOW, "s"),
                event("4", EventType.VIEW, "u3", NOW.minus(40, ChronoUnit.DAYS), "s")), NOW, MONTH, QUOTA));
        Map<UsageMetric, Long> november = usage.usage(a, MONTH);
        assertEquals(7L, november.get(UsageMetric.RECOMMENDATION_REQUESTS));
        assertEquals(1L, november.get(UsageMetric.MODELS_TRAINED));
        assertEquals(4L, november.get(UsageMetric.EVENTS_ACCEPTED));
        assertEquals(2L, november.get(UsageMetric.ACTIVE_SHOPPERS));
        assertEquals(0L, usage.usage(b, MONTH).get(UsageMetric.RECOMMENDATION_REQUESTS));

        usage.add(b, MONTH, Map.of(UsageMetric.MODELS_TRAINED, 3L));
        Map<TenantId, Map<UsageMetric, Long>> all = usage.counters(MONTH);
        assertEquals(Map.of(UsageMetric.RECOMMENDATION_REQUESTS, 7L, UsageMetric.MODELS_TRAINED, 1L,
                UsageMetric.EVENTS_ACCEPTED, 4L), all.get(a), "one read, the same counters, no shoppers pass");
        assertEquals(Map.of(UsageMetric.MODELS_TRAINED, 3L), all.get(b));
        assertEquals(Map.of(UsageMetric.RECOMMENDATION_REQUESTS, 100L), usage.counters(MONTH.minusMonths(1)).get(a));
    }

    @Test
    void recent_events_of_many_shoppers_at_once_equal_each_shoppers_own_read() {
        List<ShopperEvent> stored = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            stored.add(event("m" + i, i % 4 == 0 ? EventType.ADD_TO_CART : EventType.VIEW, "u" + i % 7,
                    NOW.minusSeconds(i * 60L), "x" + i % 5, "y" + i % 3));
        }
        fresh(events.appendNew(a, stored, NOW, MONTH, QUOTA));
        fresh(events.appendNew(b, List.of(event("b1", EventType.VIEW, "u1", NOW, "x")), NOW, MONTH, QUOTA));
        List<String> shoppers = List.of("u0", "u1", "u2", "u3", "u4", "u5", "u6", "nobody");
        Map<String, List<StoredEvent>> many = events.recentOfMany(a, shoppers, 20);
        assertEquals(Set.copyOf(shoppers), many.keySet());
        for (String shopper : shoppers) {
            assertEquals(events.recentOf(a, shopper, 20), many.get(shopper), shopper);
        }
        assertEquals(20, many.get("u1").size());
        assertTrue(many.get("nobody").isEmpty());
        assertEquals(List.of("b1"), events.recentOfMany(b, List.of("u1"), 20).get("u1").stream()
                .map(e -> e.event().eventId()).toList());
    }

    @Test
    void the_most_recently_active_shoppers_come_first_each_once_within_the_tenant() {
        List<ShopperEvent> stored = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Shopper u(i % 5) at minute i: u4's newest event is the newest of all, then u3's, ...
            stored.add(event("r" + i, EventType.VIEW, "u" + i % 5, NOW.minusSeconds((40 - i) * 60L), "x"));
        }
        fresh(events.appendNew(a, stored, NOW, MONTH, QUOTA));
        fresh(events.appendNew(b, List.of(event("b1", EventType.VIEW, "elsewhere", NOW, "x")), NOW, MONTH, QUOTA));

        assertEquals(List.of("u4", "u3", "u2"), events.recentShoppers(a, 3));
        assertEquals(List.of("u4", "u3", "u2", "u1", "u0"), events.recentShoppers(a, 100));
        assertEquals(List.of("elsewhere"), events.recentShoppers(b, 100));
    }

    @Test
    void one_pass_over_the_log_gives_each_shoppers_own_recent_events() {
        List<ShopperEvent> stored = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Several items on some events, and ties in time (a shopper's events i and i + 7 share a minute).
            Instant at = NOW.minusSeconds(i / 14 * 60L);
            stored.add(i % 3 == 0 ? event("s" + i, EventType.VIEW, "u" + i % 7, at, "x" + i)
                    : event("s" + i, EventType.PURCHASE, "u" + i % 7, at, "x" + i % 5, "y" + i % 3));
        }
        fresh(events.appendNew(a, stored, NOW, MONTH, QUOTA));
        fresh(events.appendNew(b, List.of(event("b1", EventType.VIEW, "u1", NOW, "x")), NOW, MONTH, QUOTA));
        Set<String> shoppers = Set.of("u0", "u1", "u2", "u3", "u5", "nobody");

        Map<String, List<StoredEvent>> each = events.recentOfEach(a, shoppers, 20);

        assertEquals(shoppers, each.keySet(), "only the shoppers asked for, each once");
        for (String shopper : shoppers) {
            assertEquals(events.recentOf(a, shopper, 20), each.get(shopper), shopper);
        }
        assertEquals(20, each.get("u1").size());
        assertTrue(each.get("nobody").isEmpty());
        assertEquals(List.of("b1"), events.recentOfEach(b, Set.of("u1"), 20).get("u1").stream()
                .map(e -> e.event().eventId()).toList());
    }

    @Test
    void the_newest_event_and_signal_day_are_per_tenant_and_empty_without_events() {
        JdbiInteractionHistory history = new JdbiInteractionHistory(db);
        assertTrue(history.newestEventAt(a).isEmpty());
        assertTrue(signals.newestDay(a).isEmpty());
        Instant old = Instant.parse("2024-11-20T08:00:00.5Z");
        fresh(events.appendNew(a, List.of(event("n1", EventType.VIEW, "u1", old, "x"),
                event("n2", EventType.VIEW, "u1", old.minusSeconds(86_400 * 3), "y")), NOW, MONTH, QUOTA));
        fresh(events.appendNew(b, List.of(event("n3", EventType.VIEW, "u1", NOW, "x")), NOW, MONTH, QUOTA));
        assertEquals(old, history.newestEventAt(a).orElseThrow());
        assertEquals(LocalDate.of(2024, 11, 20), signals.newestDay(a).orElseThrow());
        assertEquals(NOW, history.newestEventAt(b).orElseThrow());
    }

    @Test
    void recommendation_log_keeps_each_list_per_tenant() {
        JdbiRecommendationLog log = new JdbiRecommendationLog(db);
        RecommendationLogEntry entry = new RecommendationLogEntry("r-1", "popular", "u1", List.of("x", "y"), NOW);
        log.append(a, entry);
        assertEquals(entry, log.find(a, "r-1").orElseThrow());
        RecommendationLogEntry second = new RecommendationLogEntry("r-2", "home", null, List.of("z"), NOW);
        RecommendationLogEntry third = new RecommendationLogEntry("r-3", "cart", "u2", List.of(), NOW);
        log.appendAll(a, List.of(second, third));
        assertEquals(third, log.find(a, "r-3").orElseThrow());
        assertEquals(second, log.find(a, "r-2").orElseThrow());
        assertTrue(log.find(b, "r-1").isEmpty());
    }

    @Test
    void recommendation_log_writes_many_tenants_lists_together_and_a_refused_tenant_keeps_the_others() {
        JdbiRecommendationLog log = new JdbiRecommendationLog(db);
        RecommendationLogEntry ofA = new RecommendationLogEntry("m-1", "home", "u1", List.of("x"), NOW);
        RecommendationLogEntry ofB = new RecommendationLogEntry("m-2", "cart", "u2", List.of("y", "z"), NOW);
        java.util.Map<TenantId, List<RecommendationLogEntry>> both = new java.util.LinkedHashMap<>();
        both.put(a, List.of(ofA));
        both.put(b, List.of(ofB));
        assertEquals(java.util.Map.of(), log.appendAll(both));
        assertEquals(ofA, log.find(a, "m-1").orElseThrow());
        assertEquals(ofB, log.find(b, "m-2").orElseThrow());

        TenantId unknown = new TenantId("tenant-unknown");
        RecommendationLogEntry ofA2 = new RecommendationLogEntry("m-3", "home", "u1", List.of("x"), NOW);
        java.util.Map<TenantId, List<RecommendationLogEntry>> withUnknown = new java.util.LinkedHashMap<>();
        withUnknown.put(unknown, List.of(new RecommendationLogEntry("m-4", "home", null, List.of("x"), NOW)));
        withUnknown.put(a, List.of(ofA2));
        var failed = log.appendAll(withUnknown);
        assertEquals(java.util.Set.of(unknown), failed.keySet(), "the tenant the database does not know is refused");
        assertEquals(ofA2, log.find(a, "m-3").orElseThrow(), "and the others' lists are written all the same");
    }

    @Test
    void interaction_history_returns_the_most_recent_events_with_their_items_oldest_first_per_tenant() {
        fresh(events.appendNew(a, List.of(
                event("old", EventType.VIEW, "u1", NOW.minus(10, ChronoUnit.DAYS), "x"),
                event("e1", EventType.VIEW, "u1", NOW.minusSeconds(30), "x"),
                event("e2", EventType.ADD_TO_CART, "u1", NOW.minusSeconds(20), "y", "z"),
                event("e3", EventType.PURCHASE, "u2", NOW.minusSeconds(10), "z")), NOW, MONTH, QUOTA));
        fresh(events.appendNew(b, List.of(event("b1", EventType.VIEW, "u9", NOW, "x")), NOW, MONTH, QUOTA));
        JdbiInteractionHistory history = new JdbiInteractionHistory(db);
        List<ShopperEvent> recent = history.eventsSince(a, NOW.minus(1, ChronoUnit.DAYS), 2);
        assertEquals(List.of("e2", "e3"), recent.stream().map(ShopperEvent::eventId).toList());
        assertEquals(List.of(new ItemId("y"), new ItemId("z")), recent.get(0).itemIds());
        assertEquals("u1", recent.get(0).shopperKey());
        assertEquals(3, history.eventsSince(a, NOW.minus(1, ChronoUnit.DAYS), 100).size());
        assertEquals(List.of("b1"), history.eventsSince(b, NOW.minus(1, ChronoUnit.DAYS), 100).stream()
                .map(ShopperEvent::eventId).toList());
    }

    @Test
    void attribution_counts_cited_clicks_and_purchases_per_surface_within_the_tenant() {
        JdbiRecommendationLog log = new JdbiRecommendationLog(db);
        log.append(a, new RecommendationLogEntry("r-home", "home", "u1", List.of("x"), NOW));
        log.append(a, new RecommendationLogEntry("r-cart", "cart", "u1", List.of("y"), NOW));
        log.append(b, new RecommendationLogEntry("r-b", "home", "u1", List.of("x"), NOW));
        fresh(events.appendNew(a, List.of(
                cited("c1", EventType.CLICK, "r-home", null, null),
                cited("p1", EventType.PURCHASE, "r-home", 3, new BigDecimal("2.5")),
                cited("p2", EventType.PURCHASE, "r-cart", 1, new BigDecimal("10")),
                cited("c2", EventType.CLICK, "r-b", null, null)), NOW, MONTH, QUOTA));
        List<SurfaceAttribution> report = new JdbiAttributionStore(db).attribution(a, NOW.minusSeconds(3600),
                NOW.plusSeconds(3600));
        assertEquals(List.of(
                new SurfaceAttribution("cart", 1, 0, 1, new BigDecimal("10")),
                new SurfaceAttribution("home", 1, 1, 1, new BigDecimal("7.5"))), report);
    }

    @Test
    void served_lists_count_the_lists_of_a_period_and_those_clicked_once_each_within_the_tenant() {
        JdbiRecommendationLog log = new JdbiRecommendationLog(db);
        log.append(a, new RecommendationLogEntry("old-1", "home", "u1", List.of("x"), NOW.minusSeconds(7200)));
        log.append(a, new RecommendationLogEntry("new-1", "home", "u1", List.of("x"), NOW));
        log.append(a, new RecommendationLogEntry("new-2", "cart", "u1", List.of("y"), NOW.plusSeconds(10)));
        log.append(a, new RecommendationLogEntry("new-3", "home", "u2", List.of("y"), NOW.plusSeconds(20)));
        log.append(b, new RecommendationLogEntry("b-1", "home", "u1", List.of("x"), NOW));
        fresh(events.appendNew(a, List.of(
                cited("k1", EventType.CLICK, "new-1", null, null),
                cited("k2", EventType.CLICK, "new-1", null, null),
                cited("k3", EventType.CLICK, "old-1", null, null),
                cited("k4", EventType.PURCHASE, "new-2", 1, new BigDecimal("3")),
                cited("k5", EventType.CLICK, "b-1", null, null)), NOW, MONTH, QUOTA));
        fresh(events.appendNew(b, List.of(cited("k6", EventType.CLICK, "b-1", null, null)), NOW, MONTH, QUOTA));
        JdbiAttributionStore store = new JdbiAttributionStore(db);
        assertEquals(new io.shelfwise.recommendation.ServedLists(3, 1), store.servedLists(a, NOW, NOW.plusSeconds(60), java.time.Duration.ofMinutes(5)),
                "three lists since the change, one clicked (twice); the older list's click and tenant b's are apart");
        assertEquals(new io.shelfwise.recommendation.ServedLists(1, 1), store.servedLists(a, NOW.minusSeconds(86_400),
                NOW, java.time.Duration.ofHours(3)));
        assertEquals(new io.shelfwise.recommendation.ServedLists(1, 0), store.servedLists(a, NOW.minusSeconds(86_400),
                NOW, java.time.Duration.ofMinutes(30)), "its click came two hours after it was served: too late");
        assertEquals(new io.shelfwise.recommendation.ServedLists(1, 1), store.servedLists(b, NOW, NOW.plusSeconds(60),
                java.time.Duration.ofMinutes(5)));
    }

    private static ShopperEvent cited(String id, EventType type, String recommendationId, Integer quantity,
                                      BigDecimal price) {
        return new ShopperEvent(id, type, "u1", null, List.of(new ItemId("x")), quantity, price,
                price == null ? null : "EUR", null, recommendationId, NOW);
    }

    @Test
    void health_probe_sees_the_database() {
        assertTrue(db.isReachable());
        assertNull(tenants.find(new TenantId("ghost")).orElse(null));
    }

    @Test
    void erasing_a_tenant_leaves_no_row_naming_it_in_any_table_and_keeps_the_other_tenants(@TempDir Path dir)
            throws java.io.IOException {
        JdbiOnboardingStore onboardings = new JdbiOnboardingStore(db);
        for (TenantId t : List.of(a, b)) {
            keys.insert(new ApiKey(new ApiKeyId(t.equals(a) ? "key_aaaaaaaaaaaaaaaa" : "key_bbbbbbbbbbbbbbbb"), t,
                    "backend", "f".repeat(64), NOW, null, null));
            items.upsert(t, List.of(item("sku-1", "Trail runner", "Acme", true)));
            fresh(events.appendNew(t, List.of(event("1", EventType.VIEW, "u1", NOW, "sku-1")), NOW, MONTH, QUOTA));
            new JdbiUsageStore(db).add(t, MONTH, Map.of(UsageMetric.RECOMMENDATION_REQUESTS, 3L));
            new JdbiRecommendationLog(db).append(t, new RecommendationLogEntry("r-1", "home", "u1", List.of("sku-1"),
                    NOW));
            onboardings.insert(io.shelfwise.onboarding.OnboardingRun.start("onb-" + t.value(),
                    new io.shelfwise.onboarding.OnboardingRequest(t, "Store", Tier.STANDARD, null, null), NOW));
            crmRows(t);
        }
        JdbiRolloutStore rollouts = new JdbiRolloutStore(db);
        rollouts.save(rollout("rol-1", List.of(a, b)));
        JdbiTenantRecords records = new JdbiTenantRecords(db);
        Map<String, Long> before = records.count(a);
        assertTrue(before.values().stream().allMatch(n -> n > 0), () -> "every table must hold a row of A: " + before);
        Map<String, Long> otherBefore = records.count(b);

        assertEquals(Map.of("items", 1L, "events", 1L), records.export(a, dir.toString()));
        assertTrue(java.nio.file.Files.readString(dir.resolve("catalog.jsonl")).contains("\"id\":\"sku-1\""));
        assertTrue(java.nio.file.Files.readString(dir.resolve("events.jsonl"))
                .contains("\"eventId\":\"1\",\"type\":\"view\",\"userId\":\"u1\",\"itemIds\":[\"sku-1\"]"));

        records.erase(a);
        records.erase(a);
        Map<String, Long> after = records.count(a);
        assertTrue(after.values().stream().allMatch(n -> n == 0), () -> "rows of A remain: " + after);
        assertEquals(before.keySet(), after.keySet());
        assertEquals(otherBefore, records.count(b), "the other tenant keeps every row");
        assertEquals(List.of(b), rollouts.find("rol-1").orElseThrow().tenants().stream()
                .map(io.shelfwise.rollout.TenantStep::tenant).toList(), "the rollout keeps the other tenant's step");
    }

    @Test
    void a_rollout_round_trips_with_its_steps_in_wave_order_and_a_save_replaces_them() {
        JdbiRolloutStore rollouts = new JdbiRolloutStore(db);
        io.shelfwise.rollout.Rollout first = rollout("rol-1", List.of(a, b));
        rollouts.save(first);
        assertEquals(first, rollouts.find("rol-1").orElseThrow());
        io.shelfwise.rollout.Rollout changed = new io.shelfwise.rollout.Rollout("rol-1", first.recipe(), null, 0.25,
                io.shelfwise.rollout.Rollout.State.HALTED, NOW, NOW.plusSeconds(60), List.of(
                new io.shelfwise.rollout.TenantStep(a, io.shelfwise.rollout.Wave.CANARY,
                        io.shelfwise.rollout.TenantStep.State.REJECTED, 3, 4, "run-1", null, "x".repeat(3000),
                        NOW.plusSeconds(30)),
                first.tenants().get(1)), "halted");
        rollouts.save(changed);
        io.shelfwise.rollout.Rollout read = rollouts.find("rol-1").orElseThrow();
        assertEquals(io.shelfwise.rollout.Rollout.State.HALTED, read.state());
        assertEquals(NOW, read.createdAt());
        assertEquals(NOW.plusSeconds(60), read.updatedAt());
        assertEquals(2000, read.tenants().getFirst().message().length(), "long messages are clipped, not refused");
        assertEquals(4, read.tenants().getFirst().newVersion());
        assertEquals(0.0, read.maxRejectedShare(), "set at the start, never changed by a save");
        rollouts.save(rollout("rol-2", List.of(b)));
        assertEquals(List.of("rol-2", "rol-1"), rollouts.list().stream().map(io.shelfwise.rollout.Rollout::id)
                .toList(), "newest first (same start: by id)");
        assertTrue(rollouts.find("rol-3").isEmpty());
        assertEquals(List.of("rol-2"), rollouts.running(), "rol-1 halted, rol-2 running");

        io.shelfwise.rollout.Rollout stepped = new io.shelfwise.rollout.Rollout("rol-1", first.recipe(), null, 0,
                io.shelfwise.rollout.Rollout.State.RUNNING, NOW, NOW.plusSeconds(90), List.of(changed.tenants().get(0),
                new io.shelfwise.rollout.TenantStep(b, io.shelfwise.rollout.Wave.STANDARD,
                        io.shelfwise.rollout.TenantStep.State.PROMOTED, null, 1, "run-2", null, "promoted",
                        NOW.plusSeconds(80))), "b: promoted");
        rollouts.saveStep(stepped, stepped.tenants().get(1));
        io.shelfwise.rollout.Rollout afterStep = rollouts.find("rol-1").orElseThrow();
        assertEquals(stepped.tenants().get(1), afterStep.tenants().get(1));
        assertEquals(read.tenants().get(0), afterStep.tenants().get(0), "the other step untouched");
        assertEquals(io.shelfwise.rollout.Rollout.State.HALTED, afterStep.state(),
                "a step never writes the rollout's state: the operator's (or the last save's) stands");
        assertEquals(java.util.Optional.of(io.shelfwise.rollout.Rollout.State.HALTED), rollouts.state("rol-1"));
        assertEquals(java.util.Optional.empty(), rollouts.state("rol-none"));
        assertTrue(!rollouts.changeState("rol-1", io.shelfwise.rollout.Rollout.State.RUNNING,
                io.shelfwise.rollout.Rollout.State.PAUSED, "paused", NOW.plusSeconds(95)), "it is halted, not running");
        assertTrue(rollouts.changeState("rol-1", io.shelfwise.rollout.Rollout.State.HALTED,
                io.shelfwise.rollout.Rollout.State.ABORTED, "aborted", NOW.plusSeconds(95)));
        io.shelfwise.rollout.Rollout aborted = rollouts.find("rol-1").orElseThrow();
        assertEquals(io.shelfwise.rollout.Rollout.State.ABORTED, aborted.state());
        assertEquals("aborted", aborted.message());
        assertEquals(afterStep.tenants(), aborted.tenants(), "the steps untouched");
        assertEquals("b: promoted", afterStep.message());
        assertThrows(IllegalStateException.class, () -> rollouts.saveStep(stepped,
                new io.shelfwise.rollout.TenantStep(new TenantId("nobody"), io.shelfwise.rollout.Wave.STANDARD,
                        io.shelfwise.rollout.TenantStep.State.PENDING, null, null, null, null, null, null)));
        assertTrue(rollouts.claim("rol-1", "p1", NOW, NOW.plusSeconds(60)));
        assertTrue(rollouts.claim("rol-1", "p1", NOW.plusSeconds(30), NOW.plusSeconds(90)), "renewed by its owner");
        assertTrue(!rollouts.claim("rol-1", "p2", NOW.plusSeconds(60), NOW.plusSeconds(120)), "held by p1");
        rollouts.save(changed);
        assertTrue(!rollouts.claim("rol-1", "p2", NOW.plusSeconds(60), NOW.plusSeconds(120)), "a save keeps the lease");
        assertTrue(rollouts.claim("rol-1", "p2", NOW.plusSeconds(91), NOW.plusSeconds(150)), "expired: taken over");
        rollouts.release("rol-1", "p1");
        assertTrue(!rollouts.claim("rol-1", "p3", NOW.plusSeconds(100), NOW.plusSeconds(160)), "p1 cannot release p2's");
        rollouts.release("rol-1", "p2");
        assertTrue(rollouts.claim("rol-1", "p3", NOW.plusSeconds(100), NOW.plusSeconds(160)));
    }

    @Test
    void an_image_rollout_round_trips_with_no_recipe_and_each_step_keeps_the_image_it_replaced() {
        JdbiRolloutStore rollouts = new JdbiRolloutStore(db);
        io.shelfwise.rollout.Rollout image = new io.shelfwise.rollout.Rollout("rol-img", null,
                "registry.example.com/shelfwise:2.0", 0, io.shelfwise.rollout.Rollout.State.RUNNING, NOW, NOW,
                List.of(new io.shelfwise.rollout.TenantStep(a, io.shelfwise.rollout.Wave.STANDARD,
                        io.shelfwise.rollout.TenantStep.State.PENDING, null, null, null, null, null, null)), "planned");
        rollouts.save(image);
        assertEquals(image, rollouts.find("rol-img").orElseThrow());
        io.shelfwise.rollout.TenantStep updated = new io.shelfwise.rollout.TenantStep(a,
                io.shelfwise.rollout.Wave.STANDARD, io.shelfwise.rollout.TenantStep.State.UPDATED, null, null, null,
                "registry.example.com/shelfwise:1.0", "the pool runs registry.example.com/shelfwise:2.0",
                NOW.plusSeconds(42));
        rollouts.saveStep(image, updated);
        io.shelfwise.rollout.Rollout read = rollouts.find("rol-img").orElseThrow();
        assertEquals(updated, read.tenants().getFirst());
        assertEquals(io.shelfwise.rollout.Rollout.Kind.IMAGE, read.kind());
        assertNull(read.recipe());
    }

    private static io.shelfwise.rollout.Rollout rollout(String id, List<TenantId> tenants) {
        List<io.shelfwise.rollout.TenantStep> steps = new ArrayList<>();
        for (TenantId t : tenants) {
            steps.add(new io.shelfwise.rollout.TenantStep(t, io.shelfwise.rollout.Wave.STANDARD,
                    io.shelfwise.rollout.TenantStep.State.PENDING, null, null, null, null, null, null));
        }
        return new io.shelfwise.rollout.Rollout(id, new io.shelfwise.rollout.Recipe(16, 5, 0.05, 0.1), null, 0,
                io.shelfwise.rollout.Rollout.State.RUNNING, NOW, NOW, steps, "planned");
    }

    /** One row of the tenant in every segment and campaign table. */
    private void crmRows(TenantId t) {
        var segments = new JdbiSegmentStore(db);
        segments.save(t, CrmStoresContract.segment("seg-1", Map.of("kind", "new_shoppers")));
        segments.applyMembership(t, new io.shelfwise.segmentation.MembershipChanges("seg-1",
                List.of(new io.shelfwise.segmentation.SegmentMember("u1", 1, "new", NOW)), List.of()));
        segments.recordSize(t, "seg-1", NOW, 1);
        segments.saveChurnModel(t, new io.shelfwise.segmentation.ChurnReport(new io.shelfwise.segmentation.ChurnModel(
                List.of("recency"), new double[] {1}, new double[] {1}, new double[] {1}, 0), 30, NOW, NOW, 1, 1,
                0.5, 0.6, 0.5, NOW));
        var campaigns = new JdbiCampaignStore(db, CrmStoresContract.KEY);
        campaigns.saveChannel(t, new io.shelfwise.campaign.ChannelSettings(
                io.shelfwise.campaign.ChannelKind.WEBHOOK, null, "http://127.0.0.1:9/", "secret", null, null,
                null, null));
        campaigns.saveSettings(t, io.shelfwise.campaign.CampaignSettings.DEFAULTS);
        campaigns.saveProfile(t, io.shelfwise.campaign.ShopperProfile.unknown("u1"));
        campaigns.save(t, CrmStoresContract.campaign("c-1", "seg-1", null, null));
        campaigns.insertDeliveries(t, List.of(CrmStoresContract.pending("d-" + t.value(), "c-1", "u1", 0)));
        var spec = new io.shelfwise.campaign.CouponSpec(io.shelfwise.campaign.CouponSpec.Kind.PERCENT, BigDecimal.TEN,
                null, 7);
        campaigns.complete(t, List.of(), List.of(new io.shelfwise.campaign.Coupon("CPN-" + t.value(), "c-1", "u1",
                spec, NOW, NOW.plusSeconds(86400), null, null)));
    }

    @Test
    void an_onboarding_is_held_by_one_process_at_a_time_until_its_lease_runs_out() {
        JdbiOnboardingStore onboardings = new JdbiOnboardingStore(db);
        onboardings.insert(io.shelfwise.onboarding.OnboardingRun.start("onb-lease",
                new io.shelfwise.onboarding.OnboardingRequest(a, "Store", Tier.STANDARD, null, null), NOW));
        assertTrue(onboardings.claim("onb-lease", "p1", NOW, NOW.plusSeconds(60)));
        assertTrue(onboardings.claim("onb-lease", "p1", NOW.plusSeconds(10), NOW.plusSeconds(70)), "renewed");
        assertFalse(onboardings.claim("onb-lease", "p2", NOW.plusSeconds(20), NOW.plusSeconds(80)));
        assertTrue(onboardings.claim("onb-lease", "p2", NOW.plusSeconds(71), NOW.plusSeconds(131)), "expired");
        onboardings.release("onb-lease", "p1");
        assertFalse(onboardings.claim("onb-lease", "p1", NOW.plusSeconds(72), NOW.plusSeconds(132)),
                "a release by a former holder changes nothing");
        onboardings.release("onb-lease", "p2");
        assertTrue(onboardings.claim("onb-lease", "p1", NOW.plusSeconds(73), NOW.plusSeconds(133)));
    }

    private static Item item(String id, String title, String brand, boolean inStock) {
        return new Item(new ItemId(id), title, brand, List.of("Shoes", "Running"), new BigDecimal("89.9"), "EUR",
                inStock, Map.of("color", "red", "size", "42"));
    }

    private static ShopperEvent event(String id, EventType type, String user, Instant at, String... itemIds) {
        return new ShopperEvent(id, type, user, null, List.of(itemIds).stream().map(ItemId::new).toList(), null,
                null, null, null, null, at);
    }

    private static int fresh(AppendOutcome outcome) {
        return ((AppendOutcome.Stored) outcome).fresh();
    }

    @Test
    void concurrent_batches_at_the_quota_store_exactly_up_to_it() throws Exception {
        // 24 batches of 50 new events against a quota of 500 from 8 threads at once: group commit puts several
        // batches in one transaction, two transactions run at once, and still exactly 10 batches fit.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AppendOutcome>> results = new ArrayList<>();
            for (int k = 0; k < 24; k++) {
                int n = k;
                List<ShopperEvent> batch = IntStream.range(0, 50)
                        .mapToObj(i -> event("q" + n + "-" + i, EventType.VIEW, "quota-" + n, NOW, "sku-" + i)).toList();
                results.add(pool.submit(() -> events.appendNew(a, batch, NOW, MONTH, 500)));
            }
            int storedBatches = 0;
            int refusedBatches = 0;
            for (Future<AppendOutcome> r : results) {
                AppendOutcome outcome = r.get();
                if (outcome instanceof AppendOutcome.Stored stored) {
                    assertEquals(50, stored.fresh(), "a batch is stored whole or not at all");
                    storedBatches++;
                } else {
                    AppendOutcome.OverQuota over = (AppendOutcome.OverQuota) outcome;
                    assertEquals(50, over.fresh());
                    assertTrue(over.used() + 50 > 500, "refused only when it would not fit: " + over);
                    refusedBatches++;
                }
            }
            assertEquals(10, storedBatches);
            assertEquals(14, refusedBatches);
            assertEquals(500, events.acceptedIn(a, MONTH));
            int rows = 0;
            for (int k = 0; k < 24; k++) {
                int n = events.recentOf(a, "quota-" + k, 100).size();
                assertTrue(n == 0 || n == 50, "batch " + k + " stored partly: " + n);
                rows += n;
            }
            assertEquals(500, rows, "the counter agrees with the rows");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void overlapping_batches_of_two_tenants_written_together_store_each_id_once_per_tenant() throws Exception {
        // Batch k holds ids k*10 .. k*10+29: each id is in up to three batches, sent at once by 8 threads.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                int from = k * 10;
                for (TenantId tenant : List.of(a, b)) {
                    List<ShopperEvent> batch = IntStream.range(from, from + 30)
                            .mapToObj(i -> event("o" + i, EventType.VIEW, "overlap", NOW, "sku-" + i)).toList();
                    results.add(pool.submit(() -> fresh(events.appendNew(tenant, batch, NOW, MONTH, QUOTA))));
                }
            }
            int stored = 0;
            for (Future<Integer> r : results) {
                stored += r.get();
            }
            int distinct = 19 * 10 + 30;
            assertEquals(2 * distinct, stored, "each id counted fresh once per tenant");
            assertEquals(distinct, events.acceptedIn(a, MONTH));
            assertEquals(distinct, events.acceptedIn(b, MONTH));
            assertEquals(distinct, events.recentOf(a, "overlap", 1000).size());
            assertEquals(distinct, events.recentOf(b, "overlap", 1000).size());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void a_batch_the_database_refuses_fails_alone_and_the_batches_beside_it_are_stored() throws Exception {
        String tooLong = "u".repeat(300);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AppendOutcome>> good = new ArrayList<>();
            List<Future<AppendOutcome>> bad = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                int n = k;
                good.add(pool.submit(() -> events.appendNew(a, List.of(
                        event("g" + n, EventType.VIEW, "beside", NOW, "sku-1")), NOW, MONTH, QUOTA)));
                if (k % 4 == 0) {
                    // A shopper key longer than its column: the database refuses the row.
                    bad.add(pool.submit(() -> events.appendNew(a, List.of(
                            event("bad" + n, EventType.VIEW, tooLong, NOW, "sku-1")), NOW, MONTH, QUOTA)));
                }
            }
            for (Future<AppendOutcome> r : good) {
                assertEquals(1, fresh(r.get()));
            }
            for (Future<AppendOutcome> r : bad) {
                assertThrows(java.util.concurrent.ExecutionException.class, r::get);
            }
            assertEquals(16, events.recentOf(a, "beside", 100).size());
            assertEquals(16, events.acceptedIn(a, MONTH), "refused batches cost no quota");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void postgres_statistics_are_refreshed_while_a_tenant_grows_fast() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(db.isH2(), "PostgreSQL plans from its statistics");
        JdbiEventStore every100 = new JdbiEventStore(db, 100);
        long before = analyzeCount();
        every100.appendNew(a, IntStream.range(0, 150)
                .mapToObj(i -> event("an" + i, EventType.VIEW, "u" + i, NOW, "sku-" + i)).toList(), NOW, MONTH, QUOTA);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (analyzeCount() == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(analyzeCount() > before, "150 rows past a threshold of 100 ran ANALYZE on the event tables");
    }

    private long analyzeCount() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT analyze_count FROM pg_stat_user_tables "
                + "WHERE relname = 'events'").mapTo(Long.class).one());
    }

    @Test
    void a_batch_over_the_quota_stores_nothing_but_retries_of_stored_events_cost_nothing() {
        ShopperEvent first = event("q1", EventType.VIEW, "u1", NOW, "sku-1");
        ShopperEvent second = event("q2", EventType.VIEW, "u1", NOW, "sku-1");
        assertEquals(new AppendOutcome.Stored(List.of(first)), events.appendNew(a, List.of(first), NOW, MONTH, 1));
        assertEquals(new AppendOutcome.Stored(List.of()), events.appendNew(a, List.of(first), NOW, MONTH, 1));
        assertEquals(new AppendOutcome.OverQuota(1, 1),
                events.appendNew(a, List.of(first, second), NOW, MONTH, 1));
        assertEquals(1, events.recentOf(a, "u1", 10).size());
        assertEquals(1, events.acceptedIn(a, MONTH));
    }

    private static List<String> ids(List<Item> list) {
        return list.stream().map(i -> i.id().value()).toList();
    }
}
