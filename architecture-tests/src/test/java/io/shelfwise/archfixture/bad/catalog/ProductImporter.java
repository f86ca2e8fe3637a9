package io.shelfwise.archfixture.bad.catalog;

import io.shelfwise.archfixture.bad.adapters.sql.SqlProductRows;

/** Breaks rules 1 and 3: the domain uses a concrete adapter instead of an outbound port. */
public final class ProductImporter {
    private final SqlProductRows rows;

    public ProductImporter(SqlProductRows rows) {
        this.rows = rows;
    }

    public int importAll() {
        return rows.count();
    }
}
