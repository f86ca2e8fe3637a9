package io.shelfwise.events;

import io.shelfwise.common.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a shopper did. */
public enum EventType {
    VIEW, ADD_TO_CART, REMOVE_FROM_CART, PURCHASE, SEARCH, CLICK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType fromWire(String field, String value) {
        if (value == null) {
            throw ValidationException.of(field, "is required");
        }
        return Arrays.stream(values())
                .filter(t -> t.wireName().equals(value))
                .findFirst()
                .orElseThrow(() -> ValidationException.of(field, "unknown event type '" + value
                        + "'; expected one of "
                        + Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "))));
    }
}
