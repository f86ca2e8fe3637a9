package io.shelfwise.adapters.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.AppendOutcome;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded file's online compaction rewrites sparse chunks and loses no row, also across a reopen. */
class H2CompactionTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final YearMonth MONTH = YearMonth.from(NOW.atZone(ZoneOffset.UTC));
    private static final TenantId TENANT = new TenantId("compacted");

    @TempDir
    Path dir;

    @Test
    void compaction_fills_the_chunks_and_keeps_every_event() throws Exception {
        int batches = 300;
        int perBatch = 20;
        int all = batches * perBatch + 1;
        // A 5 s retention (the platform keeps H2's 45 s) so that the test need not wait 45 s for chunks to age.
        DatabaseSettings shortRetention = SqlDatabase.h2File(dir);
        shortRetention = new DatabaseSettings(shortRetention.url() + ";RETENTION_TIME=5000", shortRetention.user(),
                shortRetention.password(), shortRetention.maxPoolSize());
        try (SqlDatabase db = SqlDatabase.open(shortRetention)) {
            new JdbiTenantRepository(db).insert(new Tenant(TENANT, "Compacted", Tier.STANDARD, TenantState.ACTIVE,
                    NOW));
            JdbiEventStore events = new JdbiEventStore(db);
            // One commit per batch, each touching index pages all over: many chunks, mostly dead soon after.
            for (int b = 0; b < batches; b++) {
                int batch = b;
                List<ShopperEvent> list = IntStream.range(0, perBatch).mapToObj(i -> new ShopperEvent(
                        "e" + batch + "-" + i, EventType.VIEW, "shopper-" + (i * 37 + batch) % 200, null,
                        List.of(new ItemId("sku-" + (batch * 7 + i) % 500)), null, null, null, null, null,
                        NOW.minusSeconds(batch * 60L + i))).toList();
                AppendOutcome outcome = events.appendNew(TENANT, list, NOW, MONTH, 1_000_000);
                assertEquals(perBatch, ((AppendOutcome.Stored) outcome).fresh());
            }
            H2Maintenance maintenance = db.maintenance().orElseThrow();
            int before = maintenance.chunksFillRate();
            // Chunks are reused only after the retention time since they were written.
            Thread.sleep(5_500);
            for (int pass = 0; pass < 50 && maintenance.compact(); pass++) {
                // until nothing is below the fill rate
            }
            // The chunks whose pages were moved are dropped at a commit after the retention time.
            Thread.sleep(5_500);
            events.appendNew(TENANT, List.of(new ShopperEvent("late", EventType.VIEW, "shopper-0", null,
                    List.of(new ItemId("sku-0")), null, null, null, null, null, NOW)), NOW, MONTH, 1_000_000);
            int after = maintenance.chunksFillRate();
            assertTrue(before < 50, "the write-through commits left sparse chunks: " + before + " %");
            assertTrue(after > before + 20, "compaction filled the chunks: " + before + " % -> " + after + " %");
            assertEquals(all, count(db, "events"));
            assertEquals(all, count(db, "event_items"));
            assertEquals(all, events.acceptedIn(TENANT, MONTH));
        }
        try (SqlDatabase reopened = SqlDatabase.open(SqlDatabase.h2File(dir))) {
            assertEquals(all, count(reopened, "events"), "every row is there after a reopen");
            assertEquals(all, count(reopened, "event_items"));
            JdbiEventStore events = new JdbiEventStore(reopened);
            int stored = 0;
            for (int s = 0; s < 200; s++) {
                stored += events.recentOf(TENANT, "shopper-" + s, 1000).size();
            }
            assertEquals(all, stored, "every shopper's events read back through the index");
        }
    }

    @Test
    void compaction_writes_at_most_twice_what_the_platform_writes_and_then_rests() throws Exception {
        DatabaseSettings shortRetention = SqlDatabase.h2File(dir);
        shortRetention = new DatabaseSettings(shortRetention.url() + ";RETENTION_TIME=300", shortRetention.user(),
                shortRetention.password(), shortRetention.maxPoolSize());
        try (SqlDatabase db = SqlDatabase.open(shortRetention)) {
            new JdbiTenantRepository(db).insert(new Tenant(TENANT, "Compacted", Tier.STANDARD, TenantState.ACTIVE,
                    NOW));
            JdbiEventStore events = new JdbiEventStore(db);
            H2Maintenance maintenance = db.maintenance().orElseThrow();
            // Batches, then single events (as a serving platform's log commits), a pass after each, as the
            // schedule would run them.
            for (int b = 0; b < 150; b++) {
                append(events, "e" + b + "-", b < 100 ? 20 : 1, b);
                if (b % 5 == 0) {
                    Thread.sleep(30);
                    maintenance.compact();
                }
            }
            long total = maintenance.writtenBytes();
            long compacted = maintenance.compactedBytes();
            assertTrue(compacted > 0, "compaction ran");
            assertTrue(compacted <= H2Maintenance.WRITE_BYTES + 2 * (total - compacted) + 1024 * 1024,
                    "compaction wrote " + compacted + " of " + total + " bytes");
            // Without new writes, compaction spends at most the credit it has left, however many passes run
            // (the retention passing meanwhile, so that every chunk becomes rewritable); one pass may overshoot its
            // budget by the pages it moves above the chunks it chose.
            maintenance.compact();  // counts the last appends' credit
            long left = Math.max(0, maintenance.credit());
            long before = maintenance.compactedBytes();
            for (int pass = 0; pass < 40; pass++) {
                maintenance.compact();
                Thread.sleep(25);
            }
            long spent = maintenance.compactedBytes() - before;
            assertTrue(spent <= left + 1024 * 1024, "spent " + spent + " bytes with " + left + " left");
            assertEquals(maintenance.compactedBytes() - compacted, maintenance.writtenBytes() - total,
                    "nothing but compaction wrote since");
            assertEquals(100 * 20 + 50, count(db, "events"));
        }
    }

    private static void append(JdbiEventStore events, String prefix, int count, int batch) {
        events.appendNew(TENANT, IntStream.range(0, count).mapToObj(i -> new ShopperEvent(prefix + i,
                EventType.VIEW, "shopper-" + (i * 37 + batch) % 200, null,
                List.of(new ItemId("sku-" + (batch * 7 + i) % 500)), null, null, null, null, null,
                NOW.minusSeconds(batch * 60L + i))).toList(), NOW, MONTH, 1_000_000);
    }

    private static long count(SqlDatabase db, String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
