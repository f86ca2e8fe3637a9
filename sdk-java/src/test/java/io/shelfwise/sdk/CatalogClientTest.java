package io.shelfwise.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.sdk.model.Item;
import io.shelfwise.sdk.model.ItemPage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

class CatalogClientTest extends MockServerTest {

    private static final String TRAIL_RUNNER = """
            {"id":"sku-1","title":"Trail runner","brand":"Acme","categoryPath":["Shoes","Running"],
             "price":89.00,"currency":"EUR","inStock":true,"attributes":{"color":"red"},"updatedAt":"2026-11-25T14:00:00Z"}""";

    @Test
    void upsert_sends_more_than_1000_items_in_chunks_of_1000() throws Exception {
        server.enqueue(json(200, "{\"upserted\":1000}"));
        server.enqueue(json(200, "{\"upserted\":1000}"));
        server.enqueue(json(200, "{\"upserted\":500}"));
        List<Item> items = IntStream.range(0, 2500)
                .mapToObj(n -> Item.builder().id("sku-" + n).title("Item " + n).inStock(true).build())
                .toList();

        try (ShelfwiseClient client = client().build()) {
            assertEquals(2500, client.catalog().upsert(items));
        }

        assertEquals(1000, jsonBody(take()).path("items").size());
        assertEquals(1000, jsonBody(take()).path("items").size());
        assertEquals(500, jsonBody(take()).path("items").size());
    }

    @Test
    void get_reads_the_item_and_ignores_unknown_fields() throws Exception {
        server.enqueue(json(200, TRAIL_RUNNER));
        try (ShelfwiseClient client = client().build()) {
            Item expected = Item.builder().id("sku-1").title("Trail runner").brand("Acme").categoryPath("Shoes", "Running")
                    .price(new BigDecimal("89.00")).currency("EUR").inStock(true).attribute("color", "red").build();

            assertEquals(Optional.of(expected), client.catalog().get("sku-1"));
        }
        var request = take();
        assertEquals("GET", request.getMethod());
        assertEquals("/v1/items/sku-1", request.getTarget());
    }

    @Test
    void get_of_a_missing_item_is_empty() throws Exception {
        server.enqueue(problem(404, "Not found"));
        try (ShelfwiseClient client = client().build()) {
            assertEquals(Optional.empty(), client.catalog().get("sku/with slash"));
        }
        assertEquals("/v1/items/sku%2Fwith%20slash", take().getTarget());
    }

    @Test
    void delete_tells_whether_the_item_existed() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());
        server.enqueue(problem(404, "Not found"));
        try (ShelfwiseClient client = client().build()) {
            assertTrue(client.catalog().delete("sku-1"));
            assertFalse(client.catalog().delete("sku-1"));
        }
        assertEquals("DELETE", take().getMethod());
    }

    @Test
    void list_reads_a_page_and_the_next_cursor() throws Exception {
        server.enqueue(json(200, "{\"items\":[" + TRAIL_RUNNER + "],\"next\":\"sku-1\"}"));
        server.enqueue(json(200, "{\"items\":[],\"next\":null}"));
        try (ShelfwiseClient client = client().build()) {
            ItemPage first = client.catalog().list(null, 1);
            ItemPage last = client.catalog().list(first.next().orElseThrow(), 1);

            assertEquals("sku-1", first.items().get(0).id());
            assertEquals(Optional.of("sku-1"), first.next());
            assertEquals(Optional.empty(), last.next());
        }
        assertEquals("/v1/items?limit=1", take().getTarget());
        assertEquals("/v1/items?limit=1&after=sku-1", take().getTarget());
    }
}
