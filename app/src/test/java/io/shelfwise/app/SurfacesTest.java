package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Home, product-page and cart recommendations over real HTTP, with the business filters. */
class SurfacesTest {
    private static TestPlatform platform;
    private static String key;
    private static String otherKey;

    @BeforeAll
    static void storeWithTwoBrandCommunities() {
        platform = TestPlatform.start();
        key = platform.tenantWithKey("surfaces", "enterprise");
        otherKey = platform.tenantWithKey("other-store", "enterprise");
        String items = IntStream.range(0, 6).mapToObj(i -> item("a" + i, "Alpha", "Shoes", true) + ","
                + item("b" + i, "Beta", "Hats", true)).collect(Collectors.joining(","));
        assertEquals(200, platform.send("PUT", "/v1/items", key, "{\"items\":[" + items + ","
                + item("a-gone", "Alpha", "Shoes", false) + "]}").status());
        platform.send("PUT", "/v1/items", otherKey, "{\"items\":[" + item("z1", "Zeta", "Bags", true) + "]}");
        // Shoppers who browse Alpha browse Alpha (and the sold-out one); Beta fans stay with Beta; Beta is more
        // popular overall, so a newcomer without history sees Beta first.
        List<String> events = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(3600);
        for (int u = 0; u < 20; u++) {
            String brand = u < 6 ? "a" : "b";
            for (int i = 0; i < 6; i++) {
                String item = brand + i;
                events.add(event("s" + u + "-" + i, "view", "fan" + u, item, start.plusSeconds(u * 60L + i)));
            }
            if (u < 6) {
                events.add(event("s" + u + "-gone", "view", "fan" + u, "a-gone", start.plusSeconds(u * 60L + 7)));
            }
        }
        events.add(event("cart-1", "add_to_cart", "buyer", "a0", start.plusSeconds(2000)));
        events.add(event("cart-2", "add_to_cart", "buyer", "b5", start.plusSeconds(2001)));
        assertEquals(200, platform.send("POST", "/v1/events", key, "{\"events\":[" + String.join(",", events)
                + "]}").status());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void a_shopper_who_views_brand_a_sees_brand_a_rise_on_home_at_once() {
        List<String> before = ids(platform.send("GET", "/v1/recommendations/home?userId=newcomer&limit=4", key,
                null));
        assertTrue(before.stream().allMatch(id -> id.startsWith("b")), "popular Beta first: " + before);
        platform.send("POST", "/v1/events", key, "{\"events\":[" + event("n1", "view", "newcomer", "a1",
                Instant.now().minusSeconds(1)) + "]}");
        List<String> after = ids(platform.send("GET", "/v1/recommendations/home?userId=newcomer&limit=4", key,
                null));
        assertTrue(after.stream().limit(3).allMatch(id -> id.startsWith("a")), "Alpha rises at once: " + after);
    }

    @Test
    void out_of_stock_items_never_appear_on_any_surface() {
        for (String path : List.of("home?userId=fan1&limit=20", "similar?itemId=a1&limit=20",
                "cart?itemIds=a1,a2&limit=20", "home?userId=someone-new&limit=20")) {
            List<String> list = ids(platform.send("GET", "/v1/recommendations/" + path, key, null));
            assertFalse(list.contains("a-gone"), path + " -> " + list);
            assertFalse(list.isEmpty(), path);
        }
    }

    @Test
    void similar_items_come_from_the_same_community_and_never_include_the_item() {
        List<String> similar = ids(platform.send("GET", "/v1/recommendations/similar?itemId=b2&limit=5", key,
                null));
        assertEquals(5, similar.size());
        TestPlatform.Reply reply = platform.send("GET", "/v1/recommendations/similar?itemId=b2&limit=2", key, null);
        assertEquals(1.0, reply.json().get("items").get(0).get("score").asDouble());
        assertEquals(0.5, reply.json().get("items").get(1).get("score").asDouble());
        assertFalse(similar.contains("b2"));
        assertTrue(similar.stream().allMatch(id -> id.startsWith("b")), similar.toString());
    }

    @Test
    void a_new_item_without_events_gets_look_alikes_from_the_catalog_on_its_page() {
        assertEquals(200, platform.send("PUT", "/v1/items", key, "{\"items\":[" + item("a-new", "Alpha", "Shoes", true)
                + "]}").status());
        List<String> similar = ids(platform.send("GET", "/v1/recommendations/similar?itemId=a-new&limit=5", key,
                null));
        assertEquals(5, similar.size(), similar.toString());
        assertTrue(similar.stream().allMatch(id -> id.startsWith("a") && !id.equals("a-new")
                && !id.equals("a-gone")), "same brand and category, in stock, before the popular Beta: " + similar);
        platform.send("DELETE", "/v1/items/a-new", key, null);
    }

    @Test
    void a_catalog_change_shows_on_the_next_list_at_once() {
        String stockKey = platform.tenantWithKey("surfaces-stock", "enterprise");
        platform.send("PUT", "/v1/items", stockKey, "{\"items\":[" + item("s1", "Alpha", "Shoes", true) + ","
                + item("s2", "Alpha", "Shoes", true) + "," + item("s3", "Alpha", "Shoes", true) + "]}");
        assertEquals(List.of("s2", "s3"), ids(platform.send("GET", "/v1/recommendations/similar?itemId=s1", stockKey,
                null)));
        platform.send("PUT", "/v1/items", stockKey, "{\"items\":[" + item("s2", "Alpha", "Shoes", false) + "]}");
        assertEquals(List.of("s3"), ids(platform.send("GET", "/v1/recommendations/similar?itemId=s1", stockKey, null)));
        assertEquals(204, platform.send("DELETE", "/v1/items/s3", stockKey, null).status());
        assertEquals(List.of("s1"), ids(platform.send("GET", "/v1/recommendations/home?userId=x", stockKey, null)));
    }

    @Test
    void the_cart_never_recommends_what_is_already_in_it() {
        List<String> cart = ids(platform.send("GET", "/v1/recommendations/cart?itemIds=a0,a1&limit=10", key,
                null));
        assertFalse(cart.contains("a0") || cart.contains("a1"), cart.toString());
    }

    @Test
    void brand_and_category_filters_and_the_brand_cap_hold() {
        List<String> onlyAlpha = ids(platform.send("GET",
                "/v1/recommendations/home?userId=fan15&limit=5&brand=alpha", key, null));
        assertTrue(!onlyAlpha.isEmpty() && onlyAlpha.stream().allMatch(id -> id.startsWith("a")), onlyAlpha.toString());
        List<String> noHats = ids(platform.send("GET",
                "/v1/recommendations/home?userId=fan15&limit=5&excludeCategory=Hats", key, null));
        assertTrue(noHats.stream().noneMatch(id -> id.startsWith("b")), noHats.toString());
        List<String> capped = ids(platform.send("GET",
                "/v1/recommendations/home?userId=fan15&limit=10&maxPerBrand=2", key, null));
        assertTrue(capped.stream().filter(id -> id.startsWith("b")).count() <= 2, capped.toString());
        assertTrue(capped.stream().filter(id -> id.startsWith("a")).count() <= 2, capped.toString());
    }

    @Test
    void items_bought_recently_are_left_out_when_asked() {
        platform.send("POST", "/v1/events", key, "{\"events\":[{\"eventId\":\"buy-1\",\"type\":\"purchase\","
                + "\"userId\":\"repeat\",\"itemIds\":[\"b0\"],\"quantity\":1,\"price\":5,\"currency\":\"EUR\","
                + "\"timestamp\":\"" + Instant.now().minusSeconds(5) + "\"}]}");
        List<String> list = ids(platform.send("GET",
                "/v1/recommendations/home?userId=repeat&limit=20&excludeBoughtDays=30", key, null));
        assertFalse(list.contains("b0"), list.toString());
    }

    @Test
    void another_tenants_items_never_appear() {
        List<String> other = ids(platform.send("GET", "/v1/recommendations/home?userId=fan1&limit=20", otherKey,
                null));
        assertEquals(List.of("z1"), other);
    }

    @Test
    void a_missing_user_or_cart_is_422_naming_the_field() {
        TestPlatform.Reply home = platform.send("GET", "/v1/recommendations/home", key, null);
        assertEquals(422, home.status());
        assertEquals(List.of("userId"), home.problemFields());
        TestPlatform.Reply cart = platform.send("GET", "/v1/recommendations/cart", key, null);
        assertEquals(List.of("itemIds"), cart.problemFields());
        TestPlatform.Reply days = platform.send("GET", "/v1/recommendations/home?userId=x&excludeBoughtDays=-1",
                key, null);
        assertEquals(List.of("excludeBoughtDays"), days.problemFields());
        TestPlatform.Reply longItem = platform.send("GET", "/v1/recommendations/similar?itemId=" + "x".repeat(129),
                key, null);
        assertEquals(List.of("itemId"), longItem.problemFields());
        TestPlatform.Reply longUser = platform.send("GET", "/v1/recommendations/cart?itemIds=a1&userId="
                + "u".repeat(129), key, null);
        assertEquals(List.of("userId"), longUser.problemFields());
    }

    @Test
    void an_item_just_bought_stays_off_home_and_cart_by_default_and_returns_when_asked() {
        platform.send("POST", "/v1/events", key, purchase("buy-default", "bought-it", "b1"));
        assertFalse(ids(platform.send("GET", "/v1/recommendations/home?userId=bought-it&limit=20", key, null))
                .contains("b1"));
        assertFalse(ids(platform.send("GET", "/v1/recommendations/cart?itemIds=b0&userId=bought-it&limit=20", key,
                null)).contains("b1"));
        assertTrue(ids(platform.send("GET", "/v1/recommendations/home?userId=bought-it&limit=20&excludeBoughtDays=0",
                key, null)).contains("b1"));
    }

    @Test
    void a_tenant_keeps_its_repeat_purchase_categories_on_the_lists_after_a_purchase() {
        String grocer = platform.tenantWithKey("grocer", "standard");
        assertEquals(200, platform.send("PUT", "/v1/items", grocer, "{\"items\":[" + item("milk", "Farm", "Dairy", true)
                + "," + item("kettle", "Steam", "Kitchen", true) + "]}").status());
        TestPlatform.Reply defaults = platform.send("GET", "/v1/settings/recommendations", grocer, null);
        assertEquals(30, defaults.json().get("excludeBoughtDays").asInt(), defaults.body());
        assertEquals(0, defaults.json().get("repeatPurchaseCategories").size());
        platform.send("POST", "/v1/events", grocer, purchase("g-1", "regular", "milk"));
        platform.send("POST", "/v1/events", grocer, purchase("g-2", "regular", "kettle"));
        assertEquals(List.of(), ids(platform.send("GET", "/v1/recommendations/home?userId=regular&limit=5", grocer,
                null)));

        TestPlatform.Reply changed = platform.send("PUT", "/v1/settings/recommendations", grocer,
                "{\"excludeBoughtDays\":60,\"repeatPurchaseCategories\":[\"DAIRY\"]}");
        assertEquals(200, changed.status(), changed.body());
        assertEquals("dairy", changed.json().get("repeatPurchaseCategories").get(0).asText());
        assertEquals(List.of("milk"), ids(platform.send("GET", "/v1/recommendations/home?userId=regular&limit=5",
                grocer, null)));
        assertEquals(60, platform.send("GET", "/v1/settings/recommendations", grocer, null).json()
                .get("excludeBoughtDays").asInt());
        // Another tenant's defaults are its own.
        assertEquals(30, platform.send("GET", "/v1/settings/recommendations", key, null).json()
                .get("excludeBoughtDays").asInt());
    }

    @Test
    void home_blends_in_what_the_shopper_looked_at_unless_the_tenant_turns_it_off() {
        String shop = platform.tenantWithKey("recent-shop", "standard");
        String items = IntStream.range(0, 6).mapToObj(i -> item("b" + i, "Beta", "Hats", true))
                .collect(Collectors.joining(","));
        assertEquals(200, platform.send("PUT", "/v1/items", shop, "{\"items\":[" + items + "]}").status());
        List<String> events = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(3600);
        for (int u = 0; u < 10; u++) {
            for (int i = 0; i < 6; i++) {
                events.add(event("r" + u + "-" + i, "view", "fan" + u, "b" + i, start.plusSeconds(u * 60L + i)));
            }
        }
        events.add(event("r-browser", "view", "browser", "b3", start.plusSeconds(1000)));
        assertEquals(200, platform.send("POST", "/v1/events", shop, "{\"events\":[" + String.join(",", events)
                + "]}").status());
        String home = "/v1/recommendations/home?userId=browser&limit=5";

        assertTrue(platform.send("GET", "/v1/settings/recommendations", shop, null).json()
                .get("recentItemsOnHome").asBoolean());
        List<String> withRecent = ids(platform.send("GET", home, shop, null));
        assertTrue(withRecent.contains("b3"), "the hat the shopper looked at is back on home: " + withRecent);

        TestPlatform.Reply off = platform.send("PUT", "/v1/settings/recommendations", shop,
                "{\"excludeBoughtDays\":30,\"repeatPurchaseCategories\":[],\"recentItemsOnHome\":false}");
        assertEquals(200, off.status(), off.body());
        assertFalse(off.json().get("recentItemsOnHome").asBoolean());
        List<String> without = ids(platform.send("GET", home, shop, null));
        assertEquals(5, without.size(), without.toString());
        assertFalse(without.contains("b3"), "only what goes with it: " + without);
        // Another tenant keeps the default.
        assertTrue(platform.send("GET", "/v1/settings/recommendations", otherKey, null).json()
                .get("recentItemsOnHome").asBoolean());
        // Left out of a PUT (a client that predates it), the tenant's choice stays; given, it changes.
        TestPlatform.Reply kept = platform.send("PUT", "/v1/settings/recommendations", shop,
                "{\"excludeBoughtDays\":10,\"repeatPurchaseCategories\":[]}");
        assertFalse(kept.json().get("recentItemsOnHome").asBoolean(), kept.body());
        TestPlatform.Reply on = platform.send("PUT", "/v1/settings/recommendations", shop,
                "{\"excludeBoughtDays\":30,\"repeatPurchaseCategories\":[],\"recentItemsOnHome\":true}");
        assertTrue(on.json().get("recentItemsOnHome").asBoolean(), on.body());
        assertTrue(ids(platform.send("GET", home, shop, null)).contains("b3"));
    }

    @Test
    void bad_settings_are_refused_naming_the_field() {
        TestPlatform.Reply reply = platform.send("PUT", "/v1/settings/recommendations", otherKey,
                "{\"excludeBoughtDays\":-3,\"repeatPurchaseCategories\":[]}");
        assertEquals(422, reply.status(), reply.body());
        assertEquals(List.of("excludeBoughtDays"), reply.problemFields());
        TestPlatform.Reply missing = platform.send("PUT", "/v1/settings/recommendations", otherKey,
                "{\"excludeBoughtDays\":3}");
        assertEquals(List.of("repeatPurchaseCategories"), missing.problemFields());
    }

    private static String purchase(String id, String user, String item) {
        return "{\"events\":[{\"eventId\":\"" + id + "\",\"type\":\"purchase\",\"userId\":\"" + user
                + "\",\"itemIds\":[\"" + item + "\"],\"quantity\":1,\"price\":5,\"currency\":\"EUR\","
                + "\"timestamp\":\"" + Instant.now().minusSeconds(5) + "\"}]}";
    }

    private static List<String> ids(TestPlatform.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode item : reply.json().get("items")) {
            ids.add(item.get("id").asText());
        }
        return ids;
    }

    private static String item(String id, String brand, String category, boolean inStock) {
        return "{\"id\":\"" + id + "\",\"title\":\"" + id + "\",\"brand\":\"" + brand + "\",\"categoryPath\":[\""
                + category + "\"],\"inStock\":" + inStock + "}";
    }

    private static String event(String id, String type, String user, String item, Instant at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"userId\":\"" + user + "\",\"itemIds\":[\""
                + item + "\"],\"timestamp\":\"" + at + "\"}";
    }
}
