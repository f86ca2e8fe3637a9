package io.shelfwise.sdk;

import io.shelfwise.sdk.error.FieldError;
import io.shelfwise.sdk.error.NotFoundException;
import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.error.ValidationException;
import io.shelfwise.sdk.model.AffinityMatch;
import io.shelfwise.sdk.model.Segment;
import io.shelfwise.sdk.model.SegmentMembers;
import io.shelfwise.sdk.model.ShopperSegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's shopper segments: define them, read who is in them and why, which segments a shopper is in, and
 * which shoppers the model finds most likely to buy an item, brand or category. Calls are retried like every
 * other call of the client.
 */
public final class SegmentsClient {
    private static final int MAX_PAGE = 1_000;
    private final Transport transport;

    SegmentsClient(Transport transport) {
        this.transport = transport;
    }

    record SegmentList(List<Segment> segments) {
    }

    record ShopperSegments(String userId, List<ShopperSegment> segments) {
    }

    record Shoppers(List<AffinityMatch> shoppers) {
    }

    record NewSegment(String name, String description, Map<String, Object> definition) {
    }

    /**
     * Creates a segment; {@code definition} is its rule as a JSON-like map, e.g.
     * {@code Map.of("kind", "interest", "brand", "Nike", "minCount", 3, "days", 30)}.
     *
     * @throws ValidationException naming each faulty field of the definition
     */
    public Segment create(String name, String description, Map<String, Object> definition) {
        var request = transport.request(transport.url("v1/segments").build())
                .post(Transport.json(new NewSegment(name, description, definition))).build();
        return transport.execute(request, Transport.ResponseReader.json(Segment.class));
    }

    /** Replaces the segment's name, description and rule; its version goes up. */
    public Segment update(String segmentId, String name, String description, Map<String, Object> definition) {
        var request = transport.request(segmentUrl(segmentId).build())
                .put(Transport.json(new NewSegment(name, description, definition))).build();
        return transport.execute(request, Transport.ResponseReader.json(Segment.class));
    }

    /** Every segment of the store, oldest first. */
    public List<Segment> list() {
        var request = transport.request(transport.url("v1/segments").build()).get().build();
        return transport.execute(request, Transport.ResponseReader.json(SegmentList.class)).segments();
    }

    /** The segment, or empty when the store has none with this id. */
    public Optional<Segment> get(String segmentId) {
        var request = transport.request(segmentUrl(segmentId).build()).get().build();
        try {
            return Optional.of(transport.execute(request, Transport.ResponseReader.json(Segment.class)));
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    /** Deletes the segment; false when there was none. */
    public boolean delete(String segmentId) {
        var request = transport.request(segmentUrl(segmentId).build()).delete().build();
        try {
            transport.execute(request, body -> null);
            return true;
        } catch (NotFoundException absent) {
            return false;
        }
    }

    /**
     * A page of the segment's members, highest score first, from {@code offset} ({@code limit} 1..1000).
     *
     * @throws ShelfwiseException when the call fails for good ({@link NotFoundException} for an unknown segment)
     */
    public SegmentMembers members(String segmentId, int offset, int limit) {
        Limits.check(limit, MAX_PAGE);
        var url = segmentUrl(segmentId).addPathSegment("members")
                .addQueryParameter("offset", Integer.toString(offset))
                .addQueryParameter("limit", Integer.toString(limit)).build();
        return transport.execute(transport.request(url).get().build(),
                Transport.ResponseReader.json(SegmentMembers.class));
    }

    /** The segments {@code userId} is in, with their score and reason in each. */
    public List<ShopperSegment> ofShopper(String userId) {
        var url = transport.url("v1/users").addPathSegment(required("userId", userId)).addPathSegment("segments")
                .build();
        return transport.execute(transport.request(url).get().build(),
                Transport.ResponseReader.json(ShopperSegments.class)).segments();
    }

    /** The shoppers most likely to buy the item, by the store's learned model (empty before it has one). */
    public List<AffinityMatch> shoppersForItem(String itemId, int limit) {
        return affinity("itemId", itemId, limit);
    }

    /** The shoppers most likely to buy the brand's items, by the store's learned model. */
    public List<AffinityMatch> shoppersForBrand(String brand, int limit) {
        return affinity("brand", brand, limit);
    }

    /** The shoppers most likely to buy the category's items, by the store's learned model. */
    public List<AffinityMatch> shoppersForCategory(String category, int limit) {
        return affinity("category", category, limit);
    }

    private List<AffinityMatch> affinity(String field, String value, int limit) {
        Limits.check(limit, 10_000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, required(field, value));
        body.put("limit", limit);
        var request = transport.request(transport.url("v1/segments/affinity").build()).post(Transport.json(body))
                .build();
        return transport.execute(request, Transport.ResponseReader.json(Shoppers.class)).shoppers();
    }

    private okhttp3.HttpUrl.Builder segmentUrl(String segmentId) {
        return transport.url("v1/segments").addPathSegment(required("segmentId", segmentId));
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field + ": is required", List.of(new FieldError(field, "is required")));
        }
        return value;
    }
}
