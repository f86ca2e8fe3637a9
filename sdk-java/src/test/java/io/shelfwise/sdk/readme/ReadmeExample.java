package io.shelfwise.sdk.readme;

import io.shelfwise.sdk.ShelfwiseClient;
import io.shelfwise.sdk.error.RateLimitedException;
import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.error.ValidationException;
import io.shelfwise.sdk.model.Event;
import io.shelfwise.sdk.model.Item;
import io.shelfwise.sdk.model.RecommendedItem;
import io.shelfwise.sdk.model.Recommendations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

public class ReadmeExample {

    public static void main(String[] args) {
        run(System.getenv("SHELFWISE_URL"), System.getenv("SHELFWISE_API_KEY"));
    }

    static void run(String baseUrl, String apiKey) {
        // One client per API key, shared by all threads; close() sends what is still buffered.
        try (ShelfwiseClient client = ShelfwiseClient.builder()
                .apiKey(apiKey)
                .baseUrl(baseUrl)
                .onDropped(dropped -> System.err.println(
                        "dropped " + dropped.events().size() + " events: " + dropped.reason()))
                .build()) {

            // Catalog: an upsert replaces the whole item; lists are sent in batches of 1000.
            int upserted = client.catalog().upsert(List.of(Item.builder()
                    .id("sku-1").title("Trail runner").brand("Acme").categoryPath("Shoes", "Running")
                    .price(new BigDecimal("89.00")).currency("EUR").inStock(true)
                    .attribute("color", "red")
                    .build()));
            System.out.println(upserted + " item upserted");

            // Events: track() returns at once; a background thread sends them in batches.
            client.events().track(Event.view("u-42", "sku-1"));
            client.events().track(Event.purchase("u-42", "sku-1", 1, new BigDecimal("89.00"), "EUR"));
            client.events().flush(Duration.ofSeconds(5));
            System.out.println(client.events().stats());

            // Recommendations: report clicks with the list's recommendationId.
            Recommendations popular = client.recommendations().popular(10);
            for (RecommendedItem item : popular.items()) {
                System.out.println(item.id() + " " + item.title() + " " + item.score());
            }
            if (!popular.items().isEmpty()) {
                String first = popular.items().get(0).id();
                client.events().track(Event.click("u-42", first, popular.recommendationId()));
            }

            // The same call without blocking a thread.
            client.recommendations().popularAsync(5)
                    .thenAccept(recommendations -> System.out.println(recommendations.items().size() + " popular"))
                    .join();
        } catch (ValidationException e) {
            e.errors().forEach(error -> System.err.println(error.field() + ": " + error.message()));
        } catch (RateLimitedException e) {
            System.err.println("rate limited, retry after " + e.retryAfter());
        } catch (ShelfwiseException e) {
            System.err.println("Shelfwise call failed (HTTP " + e.status() + "): " + e.getMessage());
        }
    }
}
