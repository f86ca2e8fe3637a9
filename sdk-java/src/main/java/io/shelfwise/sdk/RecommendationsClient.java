package io.shelfwise.sdk;

import io.shelfwise.sdk.error.FieldError;
import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.error.ValidationException;
import io.shelfwise.sdk.model.Recommendations;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;

/** Recommendation lists for the tenant's shoppers, retried on 429, 5xx and network failures. */
public final class RecommendationsClient {

    private static final int MAX_ITEMS = 100;

    private final Transport transport;

    RecommendationsClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * The tenant's most popular in-stock items, at most {@code limit} (1..100).
     *
     * @throws ShelfwiseException when the call fails for good
     */
    public Recommendations popular(int limit) {
        Limits.check(limit, MAX_ITEMS);
        return transport.execute(popularRequest(limit), Transport.ResponseReader.json(Recommendations.class));
    }

    /**
     * Like {@link #popular(int)} without blocking a thread; the future fails with the
     * {@link ShelfwiseException} that {@code popular} would throw, and cancelling it cancels the call.
     */
    public CompletableFuture<Recommendations> popularAsync(int limit) {
        try {
            Limits.check(limit, MAX_ITEMS);
        } catch (ShelfwiseException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        return transport.executeAsync(popularRequest(limit), Transport.ResponseReader.json(Recommendations.class));
    }

    /**
     * The home page's "most likely to buy" for {@code userId}; the shopper's latest tracked events count at once.
     *
     * @throws ShelfwiseException when the call fails for good
     */
    public Recommendations home(String userId, int limit) {
        Limits.check(limit, MAX_ITEMS);
        return get(transport.url("v1/recommendations/home").addQueryParameter("userId", required("userId", userId)),
                limit);
    }

    /** Items similar to {@code itemId}, for its product page. */
    public Recommendations similar(String itemId, int limit) {
        Limits.check(limit, MAX_ITEMS);
        return get(transport.url("v1/recommendations/similar").addQueryParameter("itemId",
                required("itemId", itemId)), limit);
    }

    /** Complements of the cart's {@code itemIds} for {@code userId} (which may be null). */
    public Recommendations cart(List<String> itemIds, String userId, int limit) {
        Limits.check(limit, MAX_ITEMS);
        if (itemIds == null || itemIds.isEmpty()) {
            throw new ValidationException("itemIds: give at least one cart item id",
                    List.of(new FieldError("itemIds", "give at least one cart item id")));
        }
        var url = transport.url("v1/recommendations/cart").addQueryParameter("itemIds", String.join(",", itemIds));
        if (userId != null) {
            url.addQueryParameter("userId", userId);
        }
        return get(url, limit);
    }

    private Recommendations get(okhttp3.HttpUrl.Builder url, int limit) {
        Request request = transport.request(url.addQueryParameter("limit", Integer.toString(limit)).build())
                .get().build();
        return transport.execute(request, Transport.ResponseReader.json(Recommendations.class));
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field + ": is required", List.of(new FieldError(field, "is required")));
        }
        return value;
    }

    private Request popularRequest(int limit) {
        var url = transport.url("v1/recommendations/popular")
                .addQueryParameter("limit", Integer.toString(limit))
                .build();
        return transport.request(url).get().build();
    }
}
