package io.shelfwise.common;

/** The presented credential is missing, malformed, unknown, expired or revoked. */
public final class AuthenticationException extends DomainException {
    public AuthenticationException(String message) {
        super(message);
    }
}
