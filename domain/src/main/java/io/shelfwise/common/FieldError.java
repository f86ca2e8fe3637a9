package io.shelfwise.common;

import java.util.Objects;

/** One invalid field of a request: its path (e.g. {@code events[3].timestamp}) and what is wrong with it. */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** This error with its field path placed under {@code parent} ({@code items[2]} + {@code price}). */
    public FieldError under(String parent) {
        return new FieldError(parent.isEmpty() ? field : parent + "." + field, message);
    }
}
