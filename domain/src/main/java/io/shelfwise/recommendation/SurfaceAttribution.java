package io.shelfwise.recommendation;

import java.math.BigDecimal;

/**
 * What one surface's lists led to in a period: lists served, clicks and purchases whose events cite one of
 * those lists' recommendation ids, and the purchases' revenue (price × quantity, in the events' currencies).
 */
public record SurfaceAttribution(String surface, long listsServed, long clicks, long purchases,
                                 BigDecimal revenue) {
    /** Clicks per list served, 0 when nothing was served. */
    public double clickThroughRate() {
        return listsServed == 0 ? 0.0 : (double) clicks / listsServed;
    }
}
