package io.shelfwise.onboarding;

/** A row an import refused: where it is, which field, and why. */
public record RowProblem(long line, String field, String reason) {
    @Override
    public String toString() {
        return "line " + line + (field == null ? "" : ", " + field) + ": " + reason;
    }
}
