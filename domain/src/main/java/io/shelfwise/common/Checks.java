package io.shelfwise.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects field errors while a value is built, so one answer names every bad field instead of the first.
 */
public final class Checks {
    private final List<FieldError> errors = new ArrayList<>();

    public static Checks start() {
        return new Checks();
    }

    public Checks add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    /** Required text of 1..max characters with no control characters. */
    public Checks text(String field, String value, int max) {
        if (value == null) {
            return add(field, "is required");
        }
        return optionalText(field, value, max);
    }

    /** Optional text: null passes, otherwise 1..max characters with no control characters. */
    public Checks optionalText(String field, String value, int max) {
        if (value == null) {
            return this;
        }
        if (value.isBlank()) {
            return add(field, "must not be blank");
        }
        if (value.length() > max) {
            return add(field, "is " + value.length() + " characters long; at most " + max + " allowed");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return add(field, "must not contain control characters");
        }
        return this;
    }

    /** Required text matching {@code pattern}, described to the caller as {@code shape}. */
    public Checks matches(String field, String value, Pattern pattern, String shape) {
        if (value == null) {
            return add(field, "is required");
        }
        if (!pattern.matcher(value).matches()) {
            return add(field, "must be " + shape);
        }
        return this;
    }

    /** Optional amount of money: null passes, otherwise 0 or more, at most 4 decimals and 15 integer digits. */
    public Checks money(String field, java.math.BigDecimal value) {
        if (value == null) {
            return this;
        }
        if (value.signum() < 0) {
            return add(field, "must not be negative");
        }
        if (value.stripTrailingZeros().scale() > 4) {
            return add(field, "has more than 4 decimal places");
        }
        if (value.precision() - value.scale() > 15) {
            return add(field, "is too large: at most 15 digits before the decimal point");
        }
        return this;
    }

    /** Merges the errors of a nested value, placed under {@code parent}. */
    public Checks nested(String parent, ValidationException nested) {
        nested.errors().forEach(e -> errors.add(e.under(parent)));
        return this;
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Throws a {@link ValidationException} listing every collected error, if any. */
    public void orThrow() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
