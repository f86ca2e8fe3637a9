package io.shelfwise.sdk.error;

import java.util.Objects;

/** One invalid field of a request, as named by the server's problem document or by local validation. */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
