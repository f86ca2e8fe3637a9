package io.shelfwise.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shelfwise.sdk.model.Event;
import io.shelfwise.sdk.model.EventType;
import io.shelfwise.sdk.model.Item;
import io.shelfwise.sdk.model.TrackResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The JSON the SDK sends is exactly the shape of docs/http-api.md. */
class RequestShapesTest extends MockServerTest {

    @Test
    void event_batch_is_posted_as_documented() throws Exception {
        server.enqueue(json(200, "{\"accepted\":3,\"duplicates\":1}"));
        List<Event> events = List.of(
                Event.builder(EventType.VIEW).eventId("9b1d").userId("u-42").itemIds("sku-1")
                        .timestamp(Instant.parse("2026-11-25T14:00:00Z")).build(),
                Event.builder(EventType.PURCHASE).eventId("9b1e").userId("u-42").itemIds("sku-1").quantity(2)
                        .price(new BigDecimal("19.90")).currency("EUR").timestamp(Instant.parse("2026-11-25T14:03:00Z")).build(),
                Event.builder(EventType.SEARCH).eventId("9b1f").anonymousId("anon-7").query("running shoes")
                        .timestamp(Instant.parse("2026-11-25T14:04:00Z")).build(),
                Event.builder(EventType.CLICK).eventId("9b20").userId("u-42").itemIds("sku-9").recommendationId("3f2a")
                        .timestamp(Instant.parse("2026-11-25T14:05:00Z")).build());

        try (ShelfwiseClient client = client().build()) {
            assertEquals(new TrackResult(3, 1), client.events().send(events));
        }

        RecordedRequest request = take();
        assertEquals("POST", request.getMethod());
        assertEquals("/v1/events", request.getTarget());
        assertEquals("Bearer " + API_KEY, request.getHeaders().get("Authorization"));
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
        assertEquals("""
                {"events":[\
                {"eventId":"9b1d","type":"view","userId":"u-42","itemIds":["sku-1"],"timestamp":"2026-11-25T14:00:00Z"},\
                {"eventId":"9b1e","type":"purchase","userId":"u-42","itemIds":["sku-1"],"quantity":2,"price":19.90,"currency":"EUR","timestamp":"2026-11-25T14:03:00Z"},\
                {"eventId":"9b1f","type":"search","anonymousId":"anon-7","query":"running shoes","timestamp":"2026-11-25T14:04:00Z"},\
                {"eventId":"9b20","type":"click","userId":"u-42","itemIds":["sku-9"],"recommendationId":"3f2a","timestamp":"2026-11-25T14:05:00Z"}\
                ]}""", body(request));
    }

    @Test
    void items_are_put_as_documented() throws Exception {
        server.enqueue(json(200, "{\"upserted\":2}"));
        List<Item> items = List.of(
                Item.builder().id("sku-1").title("Trail runner").brand("Acme").categoryPath("Shoes", "Running")
                        .price(new BigDecimal("89.00")).currency("EUR").inStock(true)
                        .attribute("color", "red").attribute("size", "42").build(),
                Item.builder().id("sku-2").title("Socks").inStock(false).build());

        try (ShelfwiseClient client = client().build()) {
            assertEquals(2, client.catalog().upsert(items));
        }

        RecordedRequest request = take();
        assertEquals("PUT", request.getMethod());
        assertEquals("/v1/items", request.getTarget());
        assertEquals("Bearer " + API_KEY, request.getHeaders().get("Authorization"));
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
        assertEquals("""
                {"items":[\
                {"id":"sku-1","title":"Trail runner","brand":"Acme","categoryPath":["Shoes","Running"],\
                "price":89.00,"currency":"EUR","inStock":true,"attributes":{"color":"red","size":"42"}},\
                {"id":"sku-2","title":"Socks","inStock":false}\
                ]}""", body(request));
    }

    @Test
    void reads_carry_the_api_key_and_query_parameters() throws Exception {
        server.enqueue(json(200, "{\"recommendationId\":\"r\",\"surface\":\"popular\",\"items\":[]}"));
        server.enqueue(json(200, "{\"items\":[],\"next\":null}"));
        server.enqueue(json(200, "{\"events\":[]}"));
        try (ShelfwiseClient client = client().userAgent("shop-backend/2.1").build()) {
            client.recommendations().popular(10);
            client.catalog().list("sku-1", 100);
            client.events().recent("u-42", 50);
        }

        RecordedRequest popular = take();
        assertEquals("GET /v1/recommendations/popular?limit=10", popular.getMethod() + " " + popular.getTarget());
        assertEquals("Bearer " + API_KEY, popular.getHeaders().get("Authorization"));
        assertEquals("shop-backend/2.1", popular.getHeaders().get("User-Agent"));
        RecordedRequest list = take();
        assertEquals("GET /v1/items?limit=100&after=sku-1", list.getMethod() + " " + list.getTarget());
        RecordedRequest recent = take();
        assertEquals("GET /v1/events?userId=u-42&limit=50", recent.getMethod() + " " + recent.getTarget());
    }

    @Test
    void base_url_path_prefix_is_kept() throws Exception {
        server.enqueue(json(200, "{\"upserted\":0}"));
        try (ShelfwiseClient client = client().baseUrl(server.url("/shelfwise/").toString()).build()) {
            client.catalog().upsert(List.of(Item.builder().id("sku-1").title("Trail runner").inStock(true).build()));
        }

        assertEquals("/shelfwise/v1/items", take().getTarget());
    }
}
