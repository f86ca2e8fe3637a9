package io.shelfwise.adapters.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The CRM stores on the embedded H2 file database. */
class H2CrmStoresTest extends CrmStoresContract {
    @TempDir
    static Path dir;

    @Override
    DatabaseSettings settings() {
        return SqlDatabase.h2File(dir);
    }
}
