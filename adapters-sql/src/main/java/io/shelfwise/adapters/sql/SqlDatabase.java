package io.shelfwise.adapters.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The SQL database behind the adapters: a connection pool, the schema migrations, and transactions that retry
 * when a concurrent writer won a unique-key race. H2 (embedded) and PostgreSQL (production) run the same SQL.
 */
public final class SqlDatabase implements AutoCloseable {
    /** Unique violation, serialisation failure (H2's deadlock too), PostgreSQL's deadlock. */
    private static final java.util.Set<String> RACE_STATES = java.util.Set.of("23505", "40001", "40P01");
    private static final int ATTEMPTS = 6;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean h2;
    private final H2Maintenance maintenance;

    private SqlDatabase(HikariDataSource dataSource, boolean h2) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.h2 = h2;
        this.maintenance = h2 && dataSource.getJdbcUrl().startsWith("jdbc:h2:file:") ? new H2Maintenance(dataSource)
                : null;
    }

    /** Opens a pool on {@code settings} and brings the schema up to date. */
    public static SqlDatabase open(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setPoolName("shelfwise-sql");
        if (settings.url().startsWith("jdbc:postgresql:")) {
            // A JDBC batch of inserts goes as multi-row INSERTs, not one statement per row (events: 500 per batch).
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            return new SqlDatabase(dataSource, settings.url().startsWith("jdbc:h2:"));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** An H2 database in a file under {@code directory}, written through on every commit. */
    public static DatabaseSettings h2File(java.nio.file.Path directory) {
        // WRITE_DELAY=0: a commit reaches the file before the commit call returns, so an acknowledged
        // request survives a crash of the process. H2's default retention (45 s) stays: with a 5 s retention a
        // kill -9 test once found a committed campaign delivery state lost (H2 reopens at the newest chunk it can
        // reach, and chunks reused too early can break that chain); compaction (H2Maintenance) works within it.
        // retry: (H2's FilePathRetryOnInterrupt) reopens the file's channel when a thread interrupted during a
        // read or write closed it (the JDK closes an interruptible channel then): without it, one worker stopped
        // with shutdownNow mid-commit left the database unusable ("Writing to FileChannelImpl failed") until the
        // process restarted, and a restart in the same JVM could not open it ("Database may be already in use").
        String url = "jdbc:h2:file:retry:" + directory.toAbsolutePath().resolve("shelfwise")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + h2CacheMegabytes() * 1024L;
        return new DatabaseSettings(url, "sa", "", 8);
    }

    /**
     * H2's page cache for the embedded file, in MB: {@code -Dshelfwise.h2.cache-mb}, by default 4 (H2's own is 16).
     * The cache's pages are the young objects that outlive a young collection: every commit replaces some, so G1
     * copies most of the cache at each young pause. On a 1M-event store at 1,000 home req/s (2026-12-07) the pauses
     * went from 14.6 to 6.1 ms on average with 4 MB, home's open-loop p99 from 16.7 to 3.2 ms and its closed loop
     * from 2,517-3,661 to 4,798-5,032 req/s; ingestion measured the same (13.7k events/s either way). A larger cache
     * made it worse still (256 MB: median pause 99 ms); it only helps cold reads, which the preload of active
     * shoppers has taken off the request path.
     */
    static long h2CacheMegabytes() {
        return Math.max(1, Long.getLong("shelfwise.h2.cache-mb", 4));
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** The embedded file's online compaction; empty on PostgreSQL. */
    java.util.Optional<H2Maintenance> maintenance() {
        return java.util.Optional.ofNullable(maintenance);
    }

    /** Whether this is the embedded H2 database (else PostgreSQL), where their SQL must differ. */
    boolean isH2() {
        return h2;
    }

    /**
     * Runs {@code work} with the session streaming its query results: on H2 a query's result is otherwise built
     * whole before the first row is read, and a result over H2's in-memory row limit (a whole tenant's event log)
     * is first written to a temporary file and read back, which took about 3x as long as streaming along the
     * index. PostgreSQL streams within a transaction anyway (with a fetch size), so there this is just
     * {@code work}. The session setting is put back before the connection returns to the pool; a connection where
     * that fails is evicted from the pool instead.
     */
    void streaming(org.jdbi.v3.core.HandleConsumer<RuntimeException> work) {
        jdbi.useHandle(h -> {
            if (!h2) {
                work.useHandle(h);
                return;
            }
            h.execute("SET LAZY_QUERY_EXECUTION TRUE");
            RuntimeException failure = null;
            try {
                work.useHandle(h);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                try {
                    h.execute("SET LAZY_QUERY_EXECUTION FALSE");
                } catch (RuntimeException reset) {
                    // The session may still stream: it never goes back to the pool; the work's own error wins.
                    dataSource.evictConnection(h.getConnection());
                    if (failure == null) {
                        throw reset;
                    }
                    failure.addSuppressed(reset);
                }
            }
        });
    }

    /**
     * Runs {@code work} in a transaction, retrying it when it lost a race: on a unique key, or as the victim of a
     * deadlock or serialisation failure between concurrent writers (the retry sees what the winner committed).
     */
    <T> T inTransaction(Function<Handle, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work::apply);
            } catch (UnableToExecuteStatementException e) {
                if (attempt >= ATTEMPTS || !lostRace(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 5 * attempt + 2));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether the database answers a trivial query. */
    public boolean isReachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(java.sql.ResultSet rs, String column) throws SQLException {
        return instant(rs, rs.findColumn(column));
    }

    /** By position, for scans of millions of rows (a name is looked up on every call). */
    static Instant instant(java.sql.ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * {@code (tenant_id, <keyColumn>) IN ((:tenant, :k0), (:tenant, :k1), ...)} for {@code count} keys, to be bound
     * with {@link #bindKeys}. Spelled as row values because H2 uses the (tenant_id, key) primary key only for
     * them; {@code tenant_id = ? AND key IN (...)} makes it scan the tenant's whole table.
     */
    static String tenantKeyIn(String keyColumn, int count) {
        StringBuilder sql = new StringBuilder("(tenant_id, ").append(keyColumn).append(") IN (");
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "" : ", ").append("(:tenant, :k").append(i).append(')');
        }
        return sql.append(')').toString();
    }

    static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindKeys(S statement, String tenant,
                                                                          java.util.List<String> keys) {
        statement.bind("tenant", tenant);
        for (int i = 0; i < keys.size(); i++) {
            statement.bind("k" + i, keys.get(i));
        }
        return statement;
    }

    /** A NUMERIC column without the padding zeros of its declared scale (89.0000 reads as 89). */
    static java.math.BigDecimal decimal(java.sql.ResultSet rs, String column) throws SQLException {
        return decimal(rs, rs.findColumn(column));
    }

    /** By position, for scans of millions of rows. */
    static java.math.BigDecimal decimal(java.sql.ResultSet rs, int column) throws SQLException {
        java.math.BigDecimal value = rs.getBigDecimal(column);
        if (value == null) {
            return null;
        }
        java.math.BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static boolean lostRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (RACE_STATES.contains(s.getSQLState())) {
                        return true;
                    }
                }
                for (Throwable suppressed : sql.getSuppressed()) {
                    if (suppressed instanceof SQLException s && RACE_STATES.contains(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (maintenance != null) {
            maintenance.close();
        }
        dataSource.close();
    }
}
