package io.shelfwise.adapters.sql;

import java.time.Instant;

/**
 * Leases on rows of a table with {@code owner} and {@code lease_until} columns (onboarding runs, rollouts): the
 * process driving a row holds it until a time it keeps pushing back; another takes it only once that time passed.
 */
final class Leases {
    private final SqlDatabase db;
    private final String table;

    /** @param table a table of ours with {@code id}, {@code owner} and {@code lease_until} (never user input) */
    Leases(SqlDatabase db, String table) {
        this.db = db;
        this.table = table;
    }

    /** Takes or renews the row for {@code owner} until {@code until}: true unless another holds it unexpired. */
    boolean claim(String id, String owner, Instant now, Instant until) {
        return db.jdbi().withHandle(h -> h.createUpdate("UPDATE " + table + " SET owner = :owner, lease_until = :until"
                        + " WHERE id = :id AND (owner IS NULL OR owner = :owner OR lease_until IS NULL"
                        + " OR lease_until < :now)")
                .bind("owner", owner).bind("until", SqlDatabase.utc(until)).bind("now", SqlDatabase.utc(now))
                .bind("id", id).execute()) == 1;
    }

    /** Gives the row up, if {@code owner} holds it. */
    void release(String id, String owner) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE " + table + " SET owner = NULL, lease_until = NULL"
                + " WHERE id = :id AND owner = :owner").bind("id", id).bind("owner", owner).execute());
    }
}
