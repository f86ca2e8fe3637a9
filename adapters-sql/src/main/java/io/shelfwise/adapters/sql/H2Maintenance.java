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
 * pages of chunks filled below {@link #FILL_RATE} percent into new chunks, so that old chunks are freed and their
 * space reused. It runs beside the requests, as H2's own would; a write commits as before, whatever compaction is
 * doing.
 *
 * <p>Compaction writes at most twice what the platform wrote (a credit that each pass spends, at most
 * {@link #WRITE_BYTES} per pass; a fresh process starts with one pass's worth for what an earlier one left), and
 * nothing once that is spent. H2 counts chunks that are dead but still retained (45 s) as sparse, and once the file
 * is below the fill rate it rewrites even full chunks: a pass every 2 s without that bound kept rewriting 16 MB
 * forever, each pass making the next one's dead chunks (measured on a 1M-event store: 10-15 % of a core while
 * idle, and that share of the CPU under load).
 */
final class H2Maintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(H2Maintenance.class.getName());
    static final int FILL_RATE = Integer.getInteger("shelfwise.h2.compact-fill-rate", 80);
    static final int WRITE_BYTES = Integer.getInteger("shelfwise.h2.compact-write-mb", 16) * 1024 * 1024;
    static final long PERIOD_MS = Long.getLong("shelfwise.h2.compact-period-ms", 2_000);

    /** Most credit kept: what compaction may still write after a long burst of writes. */
    static final long MAX_CREDIT_BYTES = 16L * WRITE_BYTES;

    private final DataSource dataSource;
    private final ScheduledExecutorService schedule;
    /** Bytes compaction may still write: twice what the platform wrote, less what compaction wrote. */
    private long credit = WRITE_BYTES;
    /** Bytes compaction's passes have written since the file was opened. */
    private long compacted;
    /** The file's written bytes when the previous pass ended; -1 before the first. */
    private long writtenAfterLastPass = -1;

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

    /** One compaction pass; true when it rewrote something, false when there was nothing to do or no credit. */
    synchronized boolean compact() throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            MVStore store = store(connection);
            long before = writtenBytes(store);
            if (writtenAfterLastPass >= 0) {
                credit = Math.min(MAX_CREDIT_BYTES, credit + 2 * (before - writtenAfterLastPass));
            }
            writtenAfterLastPass = before;
            if (credit <= 0) {
                return false;
            }
            boolean rewrote = store.compact(FILL_RATE, (int) Math.min(WRITE_BYTES, credit));
            if (rewrote) {
                store.commit();  // the moved pages are written now, as compaction's own writes, not at the next commit
            }
            writtenAfterLastPass = writtenBytes(store);
            credit -= writtenAfterLastPass - before;
            compacted += writtenAfterLastPass - before;
            return rewrote;
        }
    }

    /** Bytes the next passes may still write. */
    synchronized long credit() {
        return credit;
    }

    /** Bytes compaction's passes have written since the file was opened. */
    synchronized long compactedBytes() {
        return compacted;
    }

    /** What the store has written to its file since it was opened, in bytes. */
    long writtenBytes() throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return writtenBytes(store(connection));
        }
    }

    /** What the store has written to its file since it was opened, in bytes (H2's {@code info.FILE_WRITE_BYTES}). */
    private static long writtenBytes(MVStore store) {
        long[] bytes = {0};
        store.getFileStore().populateInfo((key, value) -> {
            if (key.equals("info.FILE_WRITE_BYTES")) {
                bytes[0] = Long.parseLong(value);
            }
        });
        return bytes[0];
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
