package io.shelfwise.adapters.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SQL adapters on the embedded H2 file database. */
class H2SqlAdaptersTest extends SqlAdaptersContract {
    @TempDir
    static Path dir;

    @Override
    DatabaseSettings settings() {
        return SqlDatabase.h2File(dir);
    }
}
