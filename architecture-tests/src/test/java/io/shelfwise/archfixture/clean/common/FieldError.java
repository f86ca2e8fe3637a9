package io.shelfwise.archfixture.clean.common;

/** One invalid field and why. */
public record FieldError(String field, String message) {
}
