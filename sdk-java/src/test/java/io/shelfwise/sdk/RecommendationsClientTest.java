package io.shelfwise.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.sdk.error.AuthenticationException;
import io.shelfwise.sdk.error.ValidationException;
import io.shelfwise.sdk.model.Recommendations;
import io.shelfwise.sdk.model.RecommendedItem;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecommendationsClientTest extends MockServerTest {

    private static final String POPULAR = """
            {"recommendationId":"3f2a","surface":"popular","model":"popularity",
             "items":[{"id":"sku-1","title":"Trail runner","brand":"Acme","categoryPath":["Shoes","Running"],
                       "price":89.00,"currency":"EUR","score":12.5},
                      {"id":"sku-2","title":"Socks","score":0.0}]}""";

    private static final Recommendations EXPECTED = new Recommendations("3f2a", "popular", "popularity", List.of(
            new RecommendedItem("sku-1", "Trail runner", "Acme", List.of("Shoes", "Running"), new BigDecimal("89.00"), "EUR", 12.5),
            new RecommendedItem("sku-2", "Socks", null, List.of(), null, null, 0.0)));

    @Test
    void popular_reads_the_ranked_items() {
        server.enqueue(json(200, POPULAR));
        try (ShelfwiseClient client = client().build()) {
            assertEquals(EXPECTED, client.recommendations().popular(10));
        }
    }

    @Test
    void home_similar_and_cart_send_their_parameters() throws Exception {
        server.enqueue(json(200, POPULAR));
        server.enqueue(json(200, POPULAR));
        server.enqueue(json(200, POPULAR));
        try (ShelfwiseClient client = client().build()) {
            assertEquals(EXPECTED, client.recommendations().home("u 1", 5));
            client.recommendations().similar("sku-1", 3);
            client.recommendations().cart(List.of("sku-1", "sku-2"), "u1", 4);
        }
        assertEquals("/v1/recommendations/home?userId=u%201&limit=5", take().getTarget());
        assertEquals("/v1/recommendations/similar?itemId=sku-1&limit=3", take().getTarget());
        assertEquals("/v1/recommendations/cart?itemIds=sku-1%2Csku-2&userId=u1&limit=4", take().getTarget());
    }

    @Test
    void a_missing_user_item_or_cart_is_refused_before_sending() {
        try (ShelfwiseClient client = client().build()) {
            assertEquals("userId", assertThrows(ValidationException.class,
                    () -> client.recommendations().home(" ", 5)).errors().get(0).field());
            assertEquals("itemId", assertThrows(ValidationException.class,
                    () -> client.recommendations().similar(null, 5)).errors().get(0).field());
            assertEquals("itemIds", assertThrows(ValidationException.class,
                    () -> client.recommendations().cart(List.of(), null, 5)).errors().get(0).field());
        }
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void popular_async_completes_with_the_ranked_items() throws Exception {
        server.enqueue(json(200, POPULAR));
        try (ShelfwiseClient client = client().build()) {
            assertEquals(EXPECTED, client.recommendations().popularAsync(10).get(5, TimeUnit.SECONDS));
        }
        assertEquals("/v1/recommendations/popular?limit=10", take().getTarget());
    }

    @Test
    void popular_async_retries_an_unavailable_server() throws Exception {
        server.enqueue(problem(503, "Unavailable"));
        server.enqueue(json(200, POPULAR));
        try (ShelfwiseClient client = client().build()) {
            assertEquals(EXPECTED, client.recommendations().popularAsync(10).get(5, TimeUnit.SECONDS));
        }
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void popular_async_fails_with_the_mapped_exception() {
        server.enqueue(problem(401, "Unauthorized"));
        try (ShelfwiseClient client = client().build()) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> client.recommendations().popularAsync(10).get(5, TimeUnit.SECONDS));
            assertInstanceOf(AuthenticationException.class, failure.getCause());
        }
    }

    @Test
    void limit_out_of_range_is_refused_before_sending() {
        try (ShelfwiseClient client = client().build()) {
            ValidationException invalid = assertThrows(ValidationException.class, () -> client.recommendations().popular(101));
            assertEquals("limit", invalid.errors().get(0).field());
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> client.recommendations().popularAsync(0).get(5, TimeUnit.SECONDS));
            assertInstanceOf(ValidationException.class, failed.getCause());
        }
        assertEquals(0, server.getRequestCount());
    }
}
