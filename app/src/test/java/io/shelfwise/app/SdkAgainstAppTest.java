package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.sdk.EventStats;
import io.shelfwise.sdk.ShelfwiseClient;
import io.shelfwise.sdk.error.AuthenticationException;
import io.shelfwise.sdk.error.RateLimitedException;
import io.shelfwise.sdk.error.ValidationException;
import io.shelfwise.sdk.model.Event;
import io.shelfwise.sdk.model.EventType;
import io.shelfwise.sdk.model.Item;
import io.shelfwise.sdk.model.Recommendations;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The published SDK against the real running platform: what a tenant's backend sees. */
class SdkAgainstAppTest {
    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        // Standard is throttled hard so that the SDK's 429 handling meets the real limiter.
        platform = TestPlatform.start(p -> p.with(p.of(Tier.STANDARD).withLimits(1, 1, 1_000_000, 1000)));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static ShelfwiseClient client(String key) {
        return ShelfwiseClient.builder().apiKey(key).baseUrl(platform.baseUrl())
                .flushInterval(Duration.ofMillis(50)).retryBaseDelay(Duration.ofMillis(10)).build();
    }

    @Test
    void tracked_events_reach_the_store_and_drive_popular_recommendations() {
        String key = platform.tenantWithKey("sdk-shop", "enterprise");
        try (ShelfwiseClient client = client(key)) {
            assertEquals(3, client.catalog().upsert(List.of(item("boots", true), item("hat", true),
                    item("scarf", false))));
            // Views a minute back, so u1's purchase is unambiguously the latest event of u1 (same-millisecond
            // events have no defined order).
            Instant earlier = Instant.now().minusSeconds(60);
            IntStream.range(0, 120).forEach(i -> client.events().track(
                    Event.builder(EventType.VIEW).userId("u" + i).itemIds("hat").timestamp(earlier).build()));
            client.events().track(Event.purchase("u1", "boots", 2, new BigDecimal("59.90"), "EUR"));
            client.events().track(Event.purchase("u2", "scarf", 9, new BigDecimal("19.90"), "EUR"));
            assertTrue(client.events().flush(Duration.ofSeconds(10)));
            EventStats stats = client.events().stats();
            assertEquals(122, stats.sent());
            assertEquals(0, stats.dropped());

            Recommendations popular = client.recommendations().popular(10);
            assertEquals(List.of("hat", "boots"), popular.items().stream().map(i -> i.id()).toList(),
                    "120 views outrank one purchase; the out-of-stock scarf never appears");
            assertEquals(popular.items().size(), client.recommendations().popularAsync(10).join().items().size());
            assertEquals("purchase", client.events().recent("u1", 10).get(0).event().type().wireName());
        }
    }

    @Test
    void segments_and_a_shoppers_segments_come_through_the_sdk_typed() {
        String key = platform.tenantWithKey("sdk-segments", "enterprise");
        try (ShelfwiseClient client = client(key)) {
            client.catalog().upsert(List.of(item("boots", true), item("hat", true)));
            Instant earlier = Instant.now().minusSeconds(60);
            IntStream.range(0, 5).forEach(i -> client.events().track(
                    Event.builder(EventType.VIEW).userId("s" + i).itemIds(i < 3 ? "boots" : "hat")
                            .timestamp(earlier.plusSeconds(i)).build()));
            client.events().track(Event.builder(EventType.PURCHASE).userId("s0").itemIds("boots").quantity(1)
                    .price(new BigDecimal("10.00")).currency("EUR").couponCode("NOT-ISSUED").build());
            assertTrue(client.events().flush(Duration.ofSeconds(10)));

            io.shelfwise.sdk.model.Segment bootFans = client.segments().create("Boot fans", null,
                    java.util.Map.of("kind", "interest", "itemId", "boots", "days", 7));
            assertEquals(3, bootFans.size());
            assertEquals(1, bootFans.version());
            assertEquals(List.of(bootFans.id()), client.segments().list().stream()
                    .map(io.shelfwise.sdk.model.Segment::id).toList());
            io.shelfwise.sdk.model.SegmentMembers page = client.segments().members(bootFans.id(), 0, 2);
            assertEquals(3, page.total());
            assertEquals(2, page.members().size());
            assertEquals(2, page.nextOffset());
            assertEquals("s0", page.members().get(0).userId(), "two events (view and purchase) score highest");
            assertTrue(page.members().get(0).reason().contains("purchase"), page.members().get(0).reason());
            List<io.shelfwise.sdk.model.ShopperSegment> mine = client.segments().ofShopper("s1");
            assertEquals(List.of("Boot fans"), mine.stream().map(io.shelfwise.sdk.model.ShopperSegment::name)
                    .toList());
            assertEquals(List.of(), client.segments().ofShopper("s4"));
            assertTrue(client.segments().get("seg-missing").isEmpty());
            io.shelfwise.sdk.error.ValidationException bad = org.junit.jupiter.api.Assertions.assertThrows(
                    io.shelfwise.sdk.error.ValidationException.class, () -> client.segments().create("x", null,
                            java.util.Map.of("kind", "interest", "brand", "A", "days", 0)));
            assertEquals(List.of("definition.days"), bad.errors().stream()
                    .map(io.shelfwise.sdk.error.FieldError::field).toList());
            assertTrue(client.segments().delete(bootFans.id()));
            assertTrue(client.segments().list().isEmpty());
        }
    }

    @Test
    void home_similar_and_cart_come_through_the_sdk_and_react_to_tracked_events() {
        String key = platform.tenantWithKey("sdk-surfaces", "enterprise");
        try (ShelfwiseClient client = client(key)) {
            client.catalog().upsert(List.of(item("boots", true), item("hat", true), item("scarf", true),
                    item("gloves", false)));
            client.events().send(List.of(Event.view("a", "boots"), Event.view("a", "scarf"), Event.view("a", "gloves"),
                    Event.view("b", "boots"), Event.view("b", "scarf")));
            List<String> similar = client.recommendations().similar("boots", 2).items().stream().map(i -> i.id())
                    .toList();
            assertEquals("scarf", similar.get(0));
            assertFalse(similar.contains("boots"));
            assertFalse(client.recommendations().cart(List.of("boots"), "a", 5).items().stream()
                    .anyMatch(i -> i.id().equals("boots") || i.id().equals("gloves")));
            client.events().send(List.of(Event.view("newcomer", "boots")));
            // What was viewed together with boots, and boots itself as the shopper's recent item.
            assertEquals(java.util.Set.of("scarf", "boots"), client.recommendations().home("newcomer", 2).items()
                    .stream().map(i -> i.id()).collect(java.util.stream.Collectors.toSet()));
            assertEquals("home", client.recommendations().home("newcomer", 1).surface());
            assertEquals("cooccurrence", client.recommendations().home("newcomer", 1).model(),
                    "no learned model has been trained for this store");
        }
    }

    @Test
    void resending_the_same_events_is_idempotent() {
        String key = platform.tenantWithKey("sdk-retry", "enterprise");
        try (ShelfwiseClient client = client(key)) {
            List<Event> batch = List.of(Event.view("u1", "a"), Event.view("u1", "b"));
            assertEquals(2, client.events().send(batch).accepted());
            assertEquals(2, client.events().send(batch).duplicates());
            assertEquals(2, client.events().recent("u1", 50).size());
        }
    }

    @Test
    void catalog_round_trips_through_the_sdk() {
        String key = platform.tenantWithKey("sdk-catalog", "enterprise");
        try (ShelfwiseClient client = client(key)) {
            Item boots = item("boots", true);
            client.catalog().upsert(List.of(boots));
            assertEquals(boots, client.catalog().get("boots").orElseThrow());
            assertTrue(client.catalog().delete("boots"));
            assertFalse(client.catalog().delete("boots"));
            assertTrue(client.catalog().get("boots").isEmpty());
        }
    }

    @Test
    void server_side_validation_comes_back_as_field_errors() {
        String key = platform.tenantWithKey("sdk-invalid", "enterprise");
        try (ShelfwiseClient client = client(key)) {
            Item blankAttribute = Item.builder().id("x").title("X").inStock(true).attribute("color", "").build();
            ValidationException e = assertThrows(ValidationException.class,
                    () -> client.catalog().upsert(List.of(blankAttribute)));
            assertEquals("items[0].attributes.color", e.errors().get(0).field());
        }
    }

    @Test
    void a_wrong_key_is_an_authentication_exception() {
        try (ShelfwiseClient client = client("sw_key_aaaaaaaaaaaaaaaa_" + "B".repeat(40))) {
            assertThrows(AuthenticationException.class, () -> client.recommendations().popular(5));
        }
    }

    @Test
    void the_real_rate_limiter_surfaces_as_rate_limited_exception_when_retries_are_off() {
        String key = platform.tenantWithKey("sdk-throttled", "standard");
        try (ShelfwiseClient client = ShelfwiseClient.builder().apiKey(key).baseUrl(platform.baseUrl())
                .maxRetries(0).build()) {
            client.recommendations().popular(1);
            RateLimitedException e = assertThrows(RateLimitedException.class,
                    () -> client.recommendations().popular(1));
            assertTrue(e.retryAfter().toSeconds() >= 1);
        }
    }

    private static Item item(String id, boolean inStock) {
        return Item.builder().id(id).title("Item " + id).brand("Acme").categoryPath("Winter")
                .price(new BigDecimal("59.9")).currency("EUR").inStock(inStock).attribute("color", "red").build();
    }
}
