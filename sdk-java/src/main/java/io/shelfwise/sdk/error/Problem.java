package io.shelfwise.sdk.error;

import java.util.List;

/**
 * An RFC 9457 problem document from a failed response; {@code status} is always the HTTP status
 * of the response, even when the body was not a problem document.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    String describe() {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        if (title != null && !title.isBlank()) {
            text.append(' ').append(title);
        }
        if (detail != null && !detail.isBlank()) {
            text.append(": ").append(detail);
        }
        if (!errors.isEmpty()) {
            text.append(' ').append(errors);
        }
        return text.toString();
    }
}
