package io.shelfwise.adapters.sql;

/** The CRM stores on a real PostgreSQL server. */
class PostgresCrmStoresTest extends CrmStoresContract {
    @Override
    DatabaseSettings settings() {
        return PostgresServer.shared().settings();
    }
}
