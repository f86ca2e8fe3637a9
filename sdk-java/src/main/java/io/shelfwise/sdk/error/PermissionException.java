package io.shelfwise.sdk.error;

/** The API key is valid but its tenant may not do this, e.g. it is suspended (HTTP 403). */
public final class PermissionException extends ShelfwiseException {

    public PermissionException(Problem problem) {
        super(problem.describe(), problem, null);
    }
}
