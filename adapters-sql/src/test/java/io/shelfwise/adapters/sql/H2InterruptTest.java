package io.shelfwise.adapters.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it writes to the embedded file (a worker stopped with {@code shutdownNow}) leaves the
 * database usable: the JDK closes an interruptible file channel on interrupt, and H2 reopens it.
 */
class H2InterruptTest {
    @TempDir
    Path dir;

    @Test
    void writers_interrupted_mid_commit_leave_the_file_usable_and_its_rows_intact() throws Exception {
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.h2File(dir))) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE interrupted_writes (n INT PRIMARY KEY)"));
            AtomicInteger committed = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int n = 0; n < 200; n++) {
                    Thread.currentThread().interrupt();
                    int row = n;
                    db.jdbi().useHandle(h -> h.execute("INSERT INTO interrupted_writes VALUES (?)", row));
                    committed.incrementAndGet();
                }
            });
            writer.start();
            writer.join();
            assertEquals(200, committed.get(), "every interrupted insert committed");
            assertEquals(200, count(db));
        }
        try (SqlDatabase reopened = SqlDatabase.open(SqlDatabase.h2File(dir))) {
            assertEquals(200, count(reopened), "the rows are in the file after a reopen in the same process");
        }
    }

    private static int count(SqlDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM interrupted_writes")
                .mapTo(Integer.class).one());
    }
}
