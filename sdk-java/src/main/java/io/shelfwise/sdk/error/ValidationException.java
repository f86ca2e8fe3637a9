package io.shelfwise.sdk.error;

import java.util.List;

/**
 * A request was refused as invalid, either locally before sending or by the server
 * (HTTP 400 malformed JSON, 413 too large, 422 invalid fields); {@link #errors()} names the fields.
 */
public final class ValidationException extends ShelfwiseException {

    private final List<FieldError> errors;

    /** A local validation failure: nothing was sent. */
    public ValidationException(String message, List<FieldError> errors) {
        super(message + " " + errors, null, null);
        this.errors = List.copyOf(errors);
    }

    /** A validation failure reported by the server. */
    public ValidationException(Problem problem) {
        super(problem.describe(), problem, null);
        this.errors = problem.errors();
    }

    /** The invalid fields, e.g. {@code events[3].timestamp}; empty when the failure names none. */
    public List<FieldError> errors() {
        return errors;
    }
}
