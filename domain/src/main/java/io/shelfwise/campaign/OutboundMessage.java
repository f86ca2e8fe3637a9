package io.shelfwise.campaign;

import java.util.List;
import java.util.Objects;

/**
 * One rendered message for one shopper.
 *
 * @param deliveryId       unique per recipient and step of a send; channels pass it on as an idempotency key
 * @param tenantId         the tenant the message is sent for
 * @param campaignId       the campaign
 * @param userId           the shopper
 * @param email            the shopper's e-mail address, if known
 * @param phone            the shopper's phone number (E.164), if known
 * @param subject          the rendered subject (may be null)
 * @param body             the rendered text
 * @param products         the shopper's own recommended products, best first
 * @param recommendationId the id a click or purchase cites for attribution
 * @param couponCode       the shopper's coupon, or null
 */
public record OutboundMessage(String deliveryId, String tenantId, String campaignId, String userId, String email,
                              String phone, String subject, String body, List<MessageProduct> products,
                              String recommendationId, String couponCode) {
    public OutboundMessage {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(body, "body");
        products = products == null ? List.of() : List.copyOf(products);
    }
}
