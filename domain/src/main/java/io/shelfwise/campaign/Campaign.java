package io.shelfwise.campaign;

import io.shelfwise.recommendation.RecommendationFilters;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One message to a segment: through {@code channel}, rendered from {@code subject} and {@code body} with each
 * shopper's own top {@code productCount} products of the home surface (after {@code filters}), optionally a coupon,
 * with {@code holdoutPercent} of the audience kept back (null: the tenant's default). Sent when asked, at
 * {@code sendAt}, or per shopper by its {@code journey}. {@code definition} is the JSON the tenant sent.
 */
public record Campaign(String id, String name, String segmentId, ChannelKind channel, String subject, String body,
                       int productCount, RecommendationFilters filters, CouponSpec coupon, Integer holdoutPercent,
                       Instant sendAt, Journey journey, CampaignState state, int version, Instant createdAt,
                       Instant updatedAt, Instant activatedAt, Map<String, Object> definition) {
    public Campaign {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(state, "state");
        definition = Map.copyOf(definition);
    }

    public Campaign withState(CampaignState next, Instant at) {
        Instant activated = next == CampaignState.ACTIVE && activatedAt == null ? at : activatedAt;
        return new Campaign(id, name, segmentId, channel, subject, body, productCount, filters, coupon, holdoutPercent,
                sendAt, journey, next, version, createdAt, at, activated, definition);
    }

    public boolean triggered() {
        return journey != null;
    }
}
