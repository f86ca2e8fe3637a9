package io.shelfwise.tenancy;

import io.shelfwise.common.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a tenant is in its lifecycle; only an active tenant's keys are served. */
public enum TenantState {
    ONBOARDING, ACTIVE, SUSPENDED, OFFBOARDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the lifecycle allows going from this state to {@code next}. */
    public boolean canBecome(TenantState next) {
        return switch (this) {
            case ONBOARDING -> next == ACTIVE || next == OFFBOARDED;
            case ACTIVE -> next == SUSPENDED || next == OFFBOARDED;
            case SUSPENDED -> next == ACTIVE || next == OFFBOARDED;
            case OFFBOARDED -> false;
        };
    }

    public static TenantState fromWire(String field, String value) {
        if (value == null) {
            throw ValidationException.of(field, "is required");
        }
        return Arrays.stream(values())
                .filter(s -> s.wireName().equals(value))
                .findFirst()
                .orElseThrow(() -> ValidationException.of(field, "unknown state '" + value + "'; expected one of "
                        + Arrays.stream(values()).map(TenantState::wireName).collect(Collectors.joining(", "))));
    }
}
