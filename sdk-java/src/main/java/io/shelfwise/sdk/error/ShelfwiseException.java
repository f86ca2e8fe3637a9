package io.shelfwise.sdk.error;

import java.util.Optional;

/** Root of every failure the Shelfwise SDK reports; catch a subtype to act on a specific cause. */
public abstract sealed class ShelfwiseException extends RuntimeException
        permits AuthenticationException, PermissionException, NotFoundException, ValidationException,
                RateLimitedException, ApiException, NetworkException {

    private final transient Problem problem;

    protected ShelfwiseException(String message, Problem problem, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    /** The problem document of the failed response; empty when the failure happened before a response. */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /** The HTTP status of the failed response, or 0 when the failure happened before a response. */
    public int status() {
        return problem == null ? 0 : problem.status();
    }
}
