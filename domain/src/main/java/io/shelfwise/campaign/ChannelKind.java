package io.shelfwise.campaign;

import io.shelfwise.common.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a tenant's messages leave the platform. */
public enum ChannelKind {
    /** An HTTP POST of a signed JSON payload to the tenant's endpoint (its own gateway, or a provider's API). */
    WEBHOOK,
    /** E-mail through Amazon SES v2 with the tenant's own AWS credentials. */
    EMAIL_SES,
    /** SMS through Amazon SNS with the tenant's own AWS credentials. */
    SMS_SNS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChannelKind fromWire(String field, String value) {
        if (value == null) {
            throw ValidationException.of(field, "is required");
        }
        return Arrays.stream(values()).filter(k -> k.wireName().equals(value)).findFirst()
                .orElseThrow(() -> ValidationException.of(field, "unknown channel kind '" + value + "'; expected one of "
                        + Arrays.stream(values()).map(ChannelKind::wireName).collect(Collectors.joining(", "))));
    }
}
