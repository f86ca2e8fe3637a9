package io.shelfwise.adapters.sql;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Online compaction of the embedded H2 file. Every commit is written through ({@code WRITE_DELAY=0}, for
 * durability), which turns off the background thread that would otherwise rewrite H2's sparse chunks; without it
 * the file only grew (3.1 GB after 200k events). This does that thread's work on a schedule: rewrites the live
 * pages of chunks filled below {@link #FILL_RATE} percent into new chunks (at most {@link #WRITE_BYTES} per run), so
 * that old chunks are freed and their space reused. It runs beside the requests, as H2's own would; a write
 * commits as before, whatever compaction is doing.
 */
final class H2Maintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(H2Maintenance.class.getName());
    static final int FILL_RATE = Integer.getInteger("shelfwise.h2.compact-fill-rate", 80);
    static final int WRITE_BYTES = Integer.getInteger("shelfwise.h2.compact-write-mb", 16) * 1024 * 1024;
    static final long PERIOD_MS = Long.getLong("shelfwise.h2.compact-period-ms", 2_000);

    private final DataSource dataSource;
    private final ScheduledExecutorService schedule;

    H2Maintenance(DataSource dataSource) {
        this.dataSource = dataSource;
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "shelfwise-h2-compaction");
            thread.setDaemon(true);
            return thread;
        });
        if (PERIOD_MS > 0) {
            schedule.scheduleWithFixedDelay(this::compactSafely, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** One compaction pass; true when it rewrote something. */
    boolean compact() throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return store(connection).compact(FILL_RATE, WRITE_BYTES);
        }
    }

    /** The share of live data in the file's chunks, in percent, as H2 counts it. */
    int chunksFillRate() throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return store(connection).getFileStore().getChunksFillRate();
        }
    }

    private static MVStore store(java.sql.Connection connection) throws java.sql.SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }

    private void compactSafely() {
        try {
            compact();
        } catch (Exception | Error e) {
            LOG.log(Level.WARNING, "event=h2_compaction_failed", e);
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
