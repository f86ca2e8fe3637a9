package io.shelfwise.sdk.model;

import io.shelfwise.sdk.error.FieldError;
import io.shelfwise.sdk.error.ValidationException;
import java.util.ArrayList;
import java.util.List;

/** Collects every broken rule of one value so that the caller sees them all at once. */
final class Violations {

    private final List<FieldError> errors = new ArrayList<>();

    void check(boolean valid, String field, String message) {
        if (!valid) {
            errors.add(new FieldError(field, message));
        }
    }

    void checkLength(String value, int max, String field) {
        if (value != null) {
            checkRequiredLength(value, max, field);
        }
    }

    void checkRequiredLength(String value, int max, String field) {
        check(value != null && !value.isEmpty() && value.length() <= max, field, "must be 1.." + max + " characters");
    }

    void throwIfAny(String what) {
        if (!errors.isEmpty()) {
            throw new ValidationException(what + " is invalid:", errors);
        }
    }
}
