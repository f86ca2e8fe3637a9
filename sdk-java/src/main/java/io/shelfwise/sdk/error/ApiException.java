package io.shelfwise.sdk.error;

/** The server answered with a status no more specific exception covers (409, 415, 5xx, ...) or with an unreadable body. */
public final class ApiException extends ShelfwiseException {

    public ApiException(Problem problem) {
        super(problem.describe(), problem, null);
    }

    public ApiException(Problem problem, Throwable cause) {
        super(problem.describe(), problem, cause);
    }
}
