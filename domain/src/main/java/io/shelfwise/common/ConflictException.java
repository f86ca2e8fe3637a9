package io.shelfwise.common;

/** The request clashes with the current state: a duplicate id, a transition the lifecycle forbids. */
public final class ConflictException extends DomainException {
    public ConflictException(String message) {
        super(message);
    }
}
