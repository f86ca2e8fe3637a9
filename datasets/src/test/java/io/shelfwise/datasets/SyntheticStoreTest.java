package io.shelfwise.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ranking.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticStoreTest {
    /** A mid-sized store shared by the tests that only read it: 40k events, 800 items, 2,000 shoppers. */
    private static final SyntheticStore STORE = SyntheticStore.generate(SyntheticStore.Spec.sized(40_000, 11));
    private static final List<ShopperEvent> EVENTS = STORE.events().toList();

    @Test
    void the_same_seed_gives_the_same_catalog_and_events_and_another_seed_does_not() {
        SyntheticStore.Spec spec = SyntheticStore.Spec.of(5_000, 200, 300, 99);
        SyntheticStore one = SyntheticStore.generate(spec);
        SyntheticStore again = SyntheticStore.generate(spec);
        SyntheticStore other = SyntheticStore.generate(SyntheticStore.Spec.of(5_000, 200, 300, 100));

        assertEquals(one.catalog(), again.catalog());
        assertEquals(one.events().toList(), again.events().toList());
        assertEquals(one.events().toList(), one.events().toList(), "every stream starts again from the seed");
        assertNotEquals(one.catalog(), other.catalog());
        assertNotEquals(one.events().toList(), other.events().toList());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 999, 12_345})
    void generates_exactly_the_requested_number_of_events_and_items(long events) {
        SyntheticStore store = SyntheticStore.generate(SyntheticStore.Spec.of(events, 150, 100, 5));
        assertEquals(events, store.events().count());
        assertEquals(150, store.catalog().size());
    }

    @Test
    void events_come_in_time_order_within_the_window_and_spread_over_all_of_it() {
        Instant start = SyntheticStore.Spec.DEFAULT_START;
        Instant end = start.plus(Duration.ofDays(SyntheticStore.Spec.DEFAULT_DAYS));
        Set<Long> days = new HashSet<>();
        for (int i = 0; i < EVENTS.size(); i++) {
            Instant at = EVENTS.get(i).occurredAt();
            assertFalse(at.isBefore(start) || !at.isBefore(end), "event " + i + " at " + at + " is outside the window");
            if (i > 0) {
                assertFalse(at.isBefore(EVENTS.get(i - 1).occurredAt()), "event " + i + " comes before its predecessor");
            }
            days.add(Duration.between(start, at).toDays());
        }
        assertEquals(SyntheticStore.Spec.DEFAULT_DAYS, days.size(), "every day has events");
    }

    @Test
    void every_event_is_one_that_the_tracking_api_would_accept_as_is() {
        Set<String> ids = new HashSet<>();
        Instant now = Instant.now();
        for (ShopperEvent e : EVENTS) {
            ShopperEvent parsed = ShopperEvent.of(e.eventId(), e.type().wireName(), e.userId(), e.anonymousId(),
                    e.itemIds().stream().map(ItemId::value).toList(), e.quantity(), e.price(), e.currency(),
                    e.query(), e.recommendationId(), e.occurredAt().toString(), now);
            assertEquals(e, parsed);
            assertTrue(ids.add(e.eventId()), "event id " + e.eventId() + " repeats");
        }
    }

    @Test
    void catalog_items_have_unique_ids_brands_two_level_categories_prices_and_mostly_stock() {
        List<Item> catalog = STORE.catalog();
        assertEquals(catalog.size(), catalog.stream().map(Item::id).distinct().count());
        assertTrue(catalog.stream().allMatch(i -> i.brand() != null && i.categoryPath().size() == 2
                && i.price().signum() > 0 && "EUR".equals(i.currency())));
        long inStock = catalog.stream().filter(Item::inStock).count();
        assertTrue(inStock > 0.85 * catalog.size() && inStock < catalog.size(), inStock + " in stock");
        assertTrue(catalog.stream().map(Item::brand).distinct().count() >= 5);
        assertTrue(catalog.stream().map(i -> i.categoryPath().getFirst()).distinct().count() >= 8);
    }

    @Test
    void item_popularity_follows_a_power_law_the_top_tenth_of_items_drawing_most_views() {
        Map<ItemId, Long> views = EVENTS.stream().filter(e -> e.type() == EventType.VIEW)
                .collect(Collectors.groupingBy(e -> e.itemIds().getFirst(), Collectors.counting()));
        List<Long> counts = views.values().stream().sorted((a, b) -> Long.compare(b, a)).toList();
        long total = counts.stream().mapToLong(Long::longValue).sum();
        long top = counts.stream().limit(STORE.catalog().size() / 10).mapToLong(Long::longValue).sum();

        assertTrue(top > 0.5 * total, "top 10% of items drew " + top + " of " + total + " views");
        assertTrue(views.size() > 0.5 * STORE.catalog().size(), "the long tail is still seen: " + views.size());
    }

    @Test
    void a_higher_popularity_exponent_makes_a_store_whose_bestsellers_take_more_of_the_demand() {
        SyntheticStore.Spec spec = SyntheticStore.Spec.sized(40_000, 11);

        double flat = topTenthShareOfViews(spec.withPopularityExponent(0.7));
        double standard = topTenthShareOfViews(spec);
        double headHeavy = topTenthShareOfViews(spec.withPopularityExponent(1.3));

        assertTrue(flat < standard && standard < headHeavy,
                "top tenth's share of views: flat " + flat + ", default " + standard + ", head-heavy " + headHeavy);
        assertEquals(SyntheticStore.DEFAULT_POPULARITY_EXPONENT, spec.popularityExponent());
        assertThrows(IllegalArgumentException.class, () -> spec.withPopularityExponent(-0.5));
    }

    private static double topTenthShareOfViews(SyntheticStore.Spec spec) {
        SyntheticStore store = SyntheticStore.generate(spec);
        Map<ItemId, Long> views = store.events().filter(e -> e.type() == EventType.VIEW)
                .collect(Collectors.groupingBy(e -> e.itemIds().getFirst(), Collectors.counting()));
        List<Long> counts = views.values().stream().sorted((a, b) -> Long.compare(b, a)).toList();
        long total = counts.stream().mapToLong(Long::longValue).sum();
        return (double) counts.stream().limit(store.catalog().size() / 10).mapToLong(Long::longValue).sum() / total;
    }

    @Test
    void most_multi_item_baskets_pair_an_item_with_one_from_a_complement_category() {
        Map<ItemId, List<String>> category = new HashMap<>();
        STORE.catalog().forEach(i -> category.put(i.id(), i.categoryPath()));
        int baskets = 0;
        int withComplement = 0;
        for (Session session : Session.split(EVENTS, Session.DEFAULT_GAP)) {
            List<ItemId> basket = new ArrayList<>(session.items(EnumSet.of(EventType.PURCHASE)));
            if (basket.size() < 2) {
                continue;
            }
            baskets++;
            boolean complement = false;
            for (ItemId a : basket) {
                Set<List<String>> complements = STORE.complementsOf(category.get(a));
                for (ItemId b : basket) {
                    complement |= complements.contains(category.get(b));
                }
            }
            if (complement) {
                withComplement++;
            }
        }
        assertTrue(baskets > 100, baskets + " baskets");
        assertTrue(withComplement > 0.5 * baskets, withComplement + " of " + baskets + " baskets hold a complement");
    }

    @Test
    void shoppers_buy_consumables_again_in_later_sessions() {
        Map<String, Set<ItemId>> bought = new HashMap<>();
        int repeats = 0;
        for (Session session : Session.split(EVENTS, Session.DEFAULT_GAP)) {
            Set<ItemId> now = session.items(EnumSet.of(EventType.PURCHASE));
            Set<ItemId> before = bought.computeIfAbsent(session.shopper(), k -> new HashSet<>());
            for (ItemId item : now) {
                if (before.contains(item)) {
                    repeats++;
                }
            }
            before.addAll(now);
        }
        assertTrue(repeats > 50, repeats + " repeat purchases");
    }

    @Test
    void some_regular_shoppers_churn_and_anonymous_visitors_come_and_go() {
        Instant lastThird = SyntheticStore.Spec.DEFAULT_START.plus(Duration.ofDays(40));
        Map<String, List<Instant>> seen = new HashMap<>();
        EVENTS.stream().filter(e -> e.userId() != null)
                .forEach(e -> seen.computeIfAbsent(e.userId(), k -> new ArrayList<>()).add(e.occurredAt()));
        long churned = seen.values().stream()
                .filter(times -> times.size() >= 20 && times.getLast().isBefore(lastThird)).count();
        assertTrue(churned >= 5, churned + " active shoppers went silent for the last third");
        assertTrue(EVENTS.stream().anyMatch(e -> e.userId() == null && e.anonymousId() != null));
    }

    @Test
    void events_are_streamed_not_held_so_a_huge_store_yields_its_first_events_at_once() {
        SyntheticStore huge = SyntheticStore.generate(SyntheticStore.Spec.of(2_000_000_000L, 500, 1_000, 3));
        assertEquals(1_000, huge.events().limit(1_000).count());
    }

    @Test
    void a_spec_below_the_minimums_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticStore.Spec.of(0, 100, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticStore.Spec.of(10, 9, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticStore.Spec.of(10, 100, 0, 1));
    }
}
