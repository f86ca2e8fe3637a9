package io.shelfwise.sdk;

import io.shelfwise.sdk.error.FieldError;
import io.shelfwise.sdk.error.ValidationException;
import java.util.List;

/** Checks a page or list size before a request is sent. */
final class Limits {

    private Limits() {
    }

    static void check(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new ValidationException("Request is invalid:", List.of(new FieldError("limit", "must be 1.." + max)));
        }
    }
}
