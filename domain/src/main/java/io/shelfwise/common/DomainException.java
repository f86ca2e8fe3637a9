package io.shelfwise.common;

/** Root of the business outcomes that callers of the domain must handle. */
public abstract sealed class DomainException extends RuntimeException
        permits ValidationException, NotFoundException, ConflictException, LimitExceededException,
        AuthenticationException, PermissionDeniedException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
