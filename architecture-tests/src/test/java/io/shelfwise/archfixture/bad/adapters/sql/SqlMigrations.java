package io.shelfwise.archfixture.bad.adapters.sql;

import io.shelfwise.archfixture.bad.app.AppConfig;

/** Breaks rule 6: an adapter reads the app's configuration type instead of taking plain values. */
public final class SqlMigrations {
    public String location(AppConfig config) {
        return config.dataDirectory() + "/migrations";
    }
}
