package io.shelfwise.sdk;

import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.model.Recommendations;
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

    private Request popularRequest(int limit) {
        var url = transport.url("v1/recommendations/popular")
                .addQueryParameter("limit", Integer.toString(limit))
                .build();
        return transport.request(url).get().build();
    }
}
