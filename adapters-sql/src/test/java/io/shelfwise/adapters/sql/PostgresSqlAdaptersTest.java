package io.shelfwise.adapters.sql;

/** The SQL adapters on a real PostgreSQL server. */
class PostgresSqlAdaptersTest extends SqlAdaptersContract {
    @Override
    DatabaseSettings settings() {
        return PostgresServer.shared().settings();
    }
}
