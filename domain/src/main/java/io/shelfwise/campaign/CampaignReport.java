package io.shelfwise.campaign;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What a campaign did and earned. Recipients are the shoppers it targeted outside the holdout; a conversion is any
 * purchase within the attribution window after the shopper became a recipient (or was held out), so the two groups
 * compare like with like. {@code uplift} is the recipients' conversion rate minus the holdout's, with a 95 %
 * confidence interval (normal approximation of the difference of two proportions; null without a holdout).
 * {@code attributedRevenue} counts purchases that cite one of the campaign's recommendation ids or coupons.
 */
public record CampaignReport(String campaignId, long targeted, long holdout, Map<String, Long> byStatus, long sent,
                             long delivered, long failed, long clicked, long converted, long holdoutConverted,
                             double conversionRate, double holdoutConversionRate, Double uplift, Double upliftLow,
                             Double upliftHigh, BigDecimal revenue, BigDecimal attributedRevenue, long couponsIssued,
                             long couponsRedeemed, BigDecimal couponRevenue, int attributionDays) {
    public CampaignReport {
        byStatus = Map.copyOf(byStatus);
    }
}
