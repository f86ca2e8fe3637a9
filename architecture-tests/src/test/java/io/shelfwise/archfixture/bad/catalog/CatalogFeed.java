package io.shelfwise.archfixture.bad.catalog;

import javax.sql.DataSource;

/** Breaks rule 1: javax is not java; a domain record holding a JDBC DataSource is persistence leaking in. */
public record CatalogFeed(String name, DataSource source) {
}
