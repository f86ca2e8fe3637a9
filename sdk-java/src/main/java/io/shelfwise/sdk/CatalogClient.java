package io.shelfwise.sdk;

import io.shelfwise.sdk.error.NotFoundException;
import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.model.Item;
import io.shelfwise.sdk.model.ItemPage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/** The tenant's catalog: items that can be recommended. Every call is idempotent and retried on 429, 5xx and network failures. */
public final class CatalogClient {

    private static final int MAX_ITEMS = 1000;

    record ItemBatch(List<Item> items) {
    }

    record Upserted(int upserted) {
    }

    record Page(List<Item> items, String next) {
    }

    private final Transport transport;

    CatalogClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * Creates or replaces the items, in batches of 1000, and returns how many were upserted.
     * Batches before a failure stay stored.
     *
     * @throws ShelfwiseException when a batch fails for good
     */
    public int upsert(List<Item> items) {
        int upserted = 0;
        for (int from = 0; from < items.size(); from += MAX_ITEMS) {
            List<Item> batch = items.subList(from, Math.min(items.size(), from + MAX_ITEMS));
            var request = transport.request(transport.url("v1/items").build())
                    .put(Transport.json(new ItemBatch(batch)))
                    .build();
            upserted += transport.execute(request, Transport.ResponseReader.json(Upserted.class)).upserted();
        }
        return upserted;
    }

    /** The item, or empty when the catalog has no item with this id. */
    public Optional<Item> get(String itemId) {
        var request = transport.request(itemUrl(itemId)).get().build();
        try {
            return Optional.of(transport.execute(request, Transport.ResponseReader.json(Item.class)));
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    /** Deletes the item; false when there was none. */
    public boolean delete(String itemId) {
        var request = transport.request(itemUrl(itemId)).delete().build();
        try {
            return transport.execute(request, body -> true);
        } catch (NotFoundException absent) {
            return false;
        }
    }

    /** Up to {@code limit} (1..1000) items in id order after the id {@code after} (null for the first page). */
    public ItemPage list(String after, int limit) {
        Limits.check(limit, MAX_ITEMS);
        var url = transport.url("v1/items").addQueryParameter("limit", Integer.toString(limit));
        if (after != null) {
            url.addQueryParameter("after", after);
        }
        Page page = transport.execute(transport.request(url.build()).get().build(), Transport.ResponseReader.json(Page.class));
        return new ItemPage(page.items(), Optional.ofNullable(page.next()));
    }

    private HttpUrl itemUrl(String itemId) {
        return transport.url("v1/items").addPathSegment(Objects.requireNonNull(itemId, "itemId")).build();
    }
}
