package io.shelfwise.sdk.error;

/** The API key is missing, unknown, expired or revoked (HTTP 401). */
public final class AuthenticationException extends ShelfwiseException {

    public AuthenticationException(Problem problem) {
        super(problem.describe(), problem, null);
    }
}
