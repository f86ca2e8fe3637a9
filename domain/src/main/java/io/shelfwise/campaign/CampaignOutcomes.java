package io.shelfwise.campaign;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The raw counts a report is made of, as the store aggregates them over a campaign's first-step deliveries.
 *
 * @param byStatus          deliveries per status
 * @param clicked           recipients with a click citing one of their recommendation ids in the window
 * @param converted         recipients (not held out) with a purchase in the window
 * @param holdoutConverted  held-out shoppers with a purchase in the window
 * @param revenue           recipients' purchase revenue in the window
 * @param attributedRevenue purchases in the window citing the campaign's recommendation ids or coupons
 */
public record CampaignOutcomes(Map<DeliveryStatus, Long> byStatus, long clicked, long converted,
                               long holdoutConverted, BigDecimal revenue, BigDecimal attributedRevenue,
                               long couponsIssued, long couponsRedeemed, BigDecimal couponRevenue) {
    public CampaignOutcomes {
        byStatus = Map.copyOf(byStatus);
    }
}
