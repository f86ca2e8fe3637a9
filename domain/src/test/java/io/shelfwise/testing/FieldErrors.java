package io.shelfwise.testing;

import io.shelfwise.common.FieldError;
import io.shelfwise.common.ValidationException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reads the field errors of a {@link ValidationException}, to assert on every field it names. */
public final class FieldErrors {
    private FieldErrors() {
    }

    /** Runs {@code action}, which must fail validation, and returns the names of the fields at fault. */
    public static Set<String> fieldsRejectedBy(Executable action) {
        return fields(assertThrows(ValidationException.class, action));
    }

    public static Set<String> fields(ValidationException e) {
        return e.errors().stream().map(FieldError::field).collect(Collectors.toSet());
    }

    /** The message for {@code field}; fails when the field is not named exactly once. */
    public static String messageFor(ValidationException e, String field) {
        List<String> messages = e.errors().stream().filter(f -> f.field().equals(field))
                .map(FieldError::message).toList();
        if (messages.size() != 1) {
            throw new AssertionError("expected one error for '" + field + "' but got " + e.errors());
        }
        return messages.get(0);
    }
}
