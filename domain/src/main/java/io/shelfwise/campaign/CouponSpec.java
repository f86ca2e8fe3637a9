package io.shelfwise.campaign;

import java.math.BigDecimal;
import java.util.Locale;

/** The coupon a campaign gives each recipient: a percentage or an amount off, valid for some days, used once. */
public record CouponSpec(Kind kind, BigDecimal value, String currency, int validDays) {
    public enum Kind { PERCENT, AMOUNT }

    /** How a message shows the value: {@code 10%} or {@code 5.00 EUR}. */
    public String text() {
        return kind == Kind.PERCENT ? value.stripTrailingZeros().toPlainString() + "%"
                : value.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + " " + currency;
    }

    public String wireKind() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
