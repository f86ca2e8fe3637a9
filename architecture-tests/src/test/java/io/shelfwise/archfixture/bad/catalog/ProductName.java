package io.shelfwise.archfixture.bad.catalog;

import org.junit.platform.commons.util.Preconditions;

/** Breaks rule 1: validates with a library helper (think Guava's Preconditions) instead of plain Java. */
public record ProductName(String value) {
    public ProductName {
        Preconditions.notBlank(value, "product name must not be blank");
    }
}
