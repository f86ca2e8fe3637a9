package io.shelfwise.segmentation;

import io.shelfwise.events.EventType;
import java.util.List;

/**
 * Recency, frequency, monetary and trend features of one shopper as of a cutoff, from the events before it only.
 * A shopper is <em>active</em> at a cutoff when their last event before it lies within {@link #LOOKBACK_DAYS}.
 */
final class ChurnFeatures {
    static final int LOOKBACK_DAYS = 90;
    static final List<String> NAMES = List.of("recency_days", "active_days_14", "active_days_15_28",
            "active_days_90", "log_events_90", "log_spend_90", "purchases_90", "tenure_days", "cart_adds_30",
            "recency_over_gap");
    private static final long DAY = 86_400;
    private static final byte PURCHASE = (byte) EventType.PURCHASE.ordinal();
    private static final byte CART = (byte) EventType.ADD_TO_CART.ordinal();

    private ChurnFeatures() {
    }

    /** Whether the shopper was active at {@code cutoff} (epoch seconds). */
    static boolean active(ShopperActivity.Shopper s, long cutoff) {
        int end = s.from(cutoff);
        return end > 0 && s.times[end - 1] >= cutoff - LOOKBACK_DAYS * DAY;
    }

    /** Whether the shopper has any event in [{@code cutoff}, {@code cutoff + horizonDays}). */
    static boolean returned(ShopperActivity.Shopper s, long cutoff, int horizonDays) {
        int i = s.from(cutoff);
        return i < s.size && s.times[i] < cutoff + horizonDays * DAY;
    }

    /** The features at {@code cutoff}, in the order of {@link #NAMES}; the shopper must be active there. */
    static double[] of(ShopperActivity.Shopper s, long cutoff) {
        int end = s.from(cutoff);
        long last = s.times[end - 1];
        int days14 = 0;
        int days28 = 0;
        int days90 = 0;
        int events90 = 0;
        double spend90 = 0;
        int purchases90 = 0;
        int carts30 = 0;
        long previousDay = Long.MIN_VALUE;
        long firstIn90 = last;
        for (int i = s.from(cutoff - LOOKBACK_DAYS * DAY); i < end; i++) {
            long t = s.times[i];
            long day = Math.floorDiv(t, DAY);
            long age = cutoff - t;
            if (day != previousDay) {
                previousDay = day;
                days90++;
                if (age < 14 * DAY) {
                    days14++;
                } else if (age < 28 * DAY) {
                    days28++;
                }
            }
            firstIn90 = Math.min(firstIn90, t);
            events90++;
            spend90 += s.amounts[i];
            if (s.types[i] == PURCHASE) {
                purchases90++;
            }
            if (s.types[i] == CART && age < 30 * DAY) {
                carts30++;
            }
        }
        double recency = (cutoff - last) / (double) DAY;
        double meanGap = days90 > 1 ? (last - firstIn90) / (double) DAY / (days90 - 1) : LOOKBACK_DAYS;
        return new double[]{recency, days14, days28, days90, Math.log1p(events90), Math.log1p(spend90),
                purchases90, (cutoff - s.first()) / (double) DAY, carts30, recency / (meanGap + 1.0)};
    }

    /** The area under the ROC curve of {@code scores} for {@code positives} (ties count half). */
    static double auc(double[] scores, boolean[] positives) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long pos = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positives[order[k]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = scores.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
