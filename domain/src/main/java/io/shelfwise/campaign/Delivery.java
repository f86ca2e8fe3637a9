package io.shelfwise.campaign;

import java.time.Instant;
import java.util.Objects;

/**
 * One recipient's message of one send (or one journey entry) and step, as the delivery log keeps it. The log's
 * unique key (campaign, user, entry, step) is what makes a send idempotent: planning again inserts nothing new.
 *
 * @param entryKey  the send's id for a one-off send; the shopper's entry time for a journey
 * @param step      0 for the message, 1 for a journey's follow-up
 * @param reference when the shopper became a recipient (attribution windows start here)
 */
public record Delivery(String id, String campaignId, String entryKey, String userId, int step, DeliveryStatus status,
                       int attempts, Instant dueAt, Instant reference, String recommendationId, String couponCode,
                       Instant sentAt, String providerId, String error) {
    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(status, "status");
    }

    public Delivery with(DeliveryStatus next, int attempts, Instant due, String recommendationId, String coupon,
                         Instant sent, String provider, String error) {
        return new Delivery(id, campaignId, entryKey, userId, step, next, attempts, due, reference, recommendationId,
                coupon, sent, provider, error);
    }
}
