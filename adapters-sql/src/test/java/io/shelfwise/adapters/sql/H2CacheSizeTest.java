package io.shelfwise.adapters.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded file opens with the page cache it is configured with (4 MB unless told otherwise). */
class H2CacheSizeTest {
    @TempDir
    Path dir;

    @Test
    void the_embedded_file_opens_with_the_configured_page_cache() {
        assertEquals(4, SqlDatabase.h2CacheMegabytes());
        String before = System.getProperty("shelfwise.h2.cache-mb");
        System.setProperty("shelfwise.h2.cache-mb", "64");
        try {
            assertEquals(64, SqlDatabase.h2CacheMegabytes());
            assertTrue(SqlDatabase.h2File(dir).url().endsWith(";CACHE_SIZE=65536"));
            try (SqlDatabase db = SqlDatabase.open(SqlDatabase.h2File(dir))) {
                String cache = db.jdbi().withHandle(h -> h.createQuery("SELECT SETTING_VALUE FROM "
                        + "INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'").mapTo(String.class).one());
                assertEquals(64 * 1024, Long.parseLong(cache), "H2 reports its cache size in KB");
            }
        } finally {
            if (before == null) {
                System.clearProperty("shelfwise.h2.cache-mb");
            } else {
                System.setProperty("shelfwise.h2.cache-mb", before);
            }
        }
    }
}
