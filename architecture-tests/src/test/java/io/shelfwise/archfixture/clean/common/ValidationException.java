package io.shelfwise.archfixture.clean.common;

import java.util.List;

/** Shared kernel: a value was rejected, field by field. */
public final class ValidationException extends RuntimeException {
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.toString());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
