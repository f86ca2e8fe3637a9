package io.shelfwise.campaign;

import java.time.Duration;
import java.util.Locale;

/**
 * A triggered campaign's per-shopper flow: on entry (into the campaign's segment, or a first purchase), wait
 * {@code delay}, leave if {@code exitOnPurchase} and the shopper bought anything since entering, else send; then,
 * when {@code followUpAfter} is set, wait that long, check the exit condition again and send {@code followUpBody}.
 */
public record Journey(Trigger trigger, Duration delay, boolean exitOnPurchase, Duration followUpAfter,
                      String followUpBody) {
    public enum Trigger {
        SEGMENT_ENTRY, FIRST_PURCHASE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
