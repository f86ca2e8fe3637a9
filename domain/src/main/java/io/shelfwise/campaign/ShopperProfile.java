package io.shelfwise.campaign;

import io.shelfwise.common.Checks;
import java.util.regex.Pattern;

/**
 * What a store tells us about a registered shopper for messaging: a first name for greetings, where to reach them,
 * and whether they opted out of marketing messages (then no campaign ever reaches them).
 */
public record ShopperProfile(String userId, String firstName, String email, String phone, boolean optedOut) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s]{1,63}");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

    /** A shopper nobody told us about: reachable only through a webhook keyed by user id, not opted out. */
    public static ShopperProfile unknown(String userId) {
        return new ShopperProfile(userId, null, null, null, false);
    }

    public static ShopperProfile of(String userId, String firstName, String email, String phone, Boolean optedOut) {
        Checks checks = Checks.start().text("userId", userId, 128).optionalText("firstName", firstName, 100);
        if (email != null && !EMAIL.matcher(email).matches()) {
            checks.add("email", "must be an e-mail address such as ann@example.com");
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            checks.add("phone", "must be an E.164 number such as +821012345678");
        }
        checks.orThrow();
        return new ShopperProfile(userId, firstName, email, phone, optedOut != null && optedOut);
    }
}
