package io.shelfwise.catalog;

import io.shelfwise.common.Checks;

/** A tenant's own id for a catalog item (SKU, product id). */
public record ItemId(String value) {
    public static final int MAX_LENGTH = 128;

    public ItemId {
        Checks.start().text("id", value, MAX_LENGTH).orThrow();
    }

    @Override
    public String toString() {
        return value;
    }
}
