package io.shelfwise.campaign;

import java.math.BigDecimal;
import java.time.Instant;

/** One shopper's coupon from one campaign: unique code, value, expiry; redeemed at most once. */
public record Coupon(String code, String campaignId, String userId, CouponSpec spec, Instant issuedAt,
                     Instant expiresAt, Instant redeemedAt, BigDecimal revenue) {
}
