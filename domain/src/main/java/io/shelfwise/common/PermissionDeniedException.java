package io.shelfwise.common;

/** The caller is known but may not do this now (e.g. its tenant is suspended). */
public final class PermissionDeniedException extends DomainException {
    public PermissionDeniedException(String message) {
        super(message);
    }
}
