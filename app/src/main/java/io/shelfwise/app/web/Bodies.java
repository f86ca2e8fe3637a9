package io.shelfwise.app.web;

import io.shelfwise.common.ValidationException;
import java.util.List;
import java.util.function.Function;

/** Checks shared by resources: a JSON body holding one list, and integer query parameters. */
final class Bodies {
    private Bodies() {
    }

    /** The list in {@code body}, or a validation failure naming what is missing. */
    static <B, T> List<T> required(B body, String field, Function<B, List<T>> list) {
        if (body == null) {
            throw ValidationException.of(field, "the body must be a JSON object with a '" + field + "' array");
        }
        List<T> values = list.apply(body);
        if (values == null) {
            throw ValidationException.of(field, "is required");
        }
        return values;
    }

    /**
     * An integer query parameter, or {@code fallback} when absent. Parsed here rather than by JAX-RS, which
     * would answer a malformed value with 404.
     */
    static int intParam(String name, String raw, int fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ValidationException.of(name, "must be an integer, not '" + raw + "'");
        }
    }

    /** A billing period query parameter ({@code 2026-11}), or the current month (UTC) when absent. */
    static java.time.YearMonth periodParam(String raw, java.time.Clock clock) {
        if (raw == null || raw.isEmpty()) {
            return java.time.YearMonth.from(clock.instant().atZone(java.time.ZoneOffset.UTC));
        }
        try {
            if (raw.matches("[0-9]{4}-(0[1-9]|1[0-2])")) {
                return java.time.YearMonth.parse(raw);
            }
        } catch (java.time.format.DateTimeParseException e) {
            // falls through to the answer below
        }
        throw ValidationException.of("period", "must be a month like 2026-11, not '" + raw + "'");
    }

    /**
     * Converts every element of a body list into a domain value, collecting the field errors of all elements
     * (placed under {@code field[i]}) so one answer names every bad field; throws if there is any.
     */
    static <J, T> List<T> convertAll(String field, List<J> raw, String element,
                                     java.util.function.Function<J, T> convert) {
        io.shelfwise.common.Checks checks = io.shelfwise.common.Checks.start();
        List<T> converted = new java.util.ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            J json = raw.get(i);
            if (json == null) {
                checks.add(field + "[" + i + "]", "must be " + element + ", not null");
                continue;
            }
            try {
                converted.add(convert.apply(json));
            } catch (ValidationException invalid) {
                checks.nested(field + "[" + i + "]", invalid);
            }
        }
        checks.orThrow();
        return converted;
    }
}
