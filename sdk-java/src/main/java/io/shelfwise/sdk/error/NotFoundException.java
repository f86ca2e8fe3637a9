package io.shelfwise.sdk.error;

/** The route, tenant or item does not exist (HTTP 404). */
public final class NotFoundException extends ShelfwiseException {

    public NotFoundException(Problem problem) {
        super(problem.describe(), problem, null);
    }
}
