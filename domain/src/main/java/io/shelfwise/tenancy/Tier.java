package io.shelfwise.tenancy;

import io.shelfwise.common.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The commercial tier a tenant is on; what each tier grants lives in its {@link TierPolicy}. */
public enum Tier {
    STANDARD, PREMIUM, ENTERPRISE;

    /** The lower-case name used on the wire and in config. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tier fromWire(String field, String value) {
        if (value == null) {
            throw ValidationException.of(field, "is required");
        }
        return Arrays.stream(values())
                .filter(t -> t.wireName().equals(value))
                .findFirst()
                .orElseThrow(() -> ValidationException.of(field, "unknown tier '" + value + "'; expected one of "
                        + Arrays.stream(values()).map(Tier::wireName).collect(Collectors.joining(", "))));
    }
}
