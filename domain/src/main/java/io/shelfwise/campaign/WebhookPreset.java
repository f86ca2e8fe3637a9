package io.shelfwise.campaign;

import io.shelfwise.common.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The payload shape a webhook channel posts: our own, or one a message provider's API takes. */
public enum WebhookPreset {
    /** Shelfwise's own JSON: every field of the message. */
    GENERIC,
    /** A Kakao friend-talk message: sender key, recipient phone, text, and one button per product. */
    KAKAO_FRIENDTALK,
    /** An MMS: sender callback number, recipient phone, subject, text with the products listed, first image. */
    MMS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WebhookPreset fromWire(String field, String value) {
        if (value == null) {
            return GENERIC;
        }
        return Arrays.stream(values()).filter(k -> k.wireName().equals(value)).findFirst()
                .orElseThrow(() -> ValidationException.of(field, "unknown preset '" + value + "'; expected one of "
                        + Arrays.stream(values()).map(WebhookPreset::wireName).collect(Collectors.joining(", "))));
    }
}
