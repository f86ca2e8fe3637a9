package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.recommendation.port.out.RecommendationLog;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RecommendationLogWriterTest {
    private final TenantId a = new TenantId("tenant-a");
    private final TenantId b = new TenantId("tenant-b");

    @Test
    void entries_are_written_in_batches_per_tenant_and_none_is_lost_on_close() {
        List<String> batches = new ArrayList<>();
        RecommendationLog log = recording(batches, null, new CountDownLatch(1));
        RecommendationLogWriter writer = new RecommendationLogWriter(log, 1000);
        for (int i = 0; i < 300; i++) {
            writer.submit(i % 3 == 0 ? b : a, entry("r" + i));
        }
        writer.close();
        assertEquals(300, batches.stream().mapToInt(s -> Integer.parseInt(s.split(":")[1])).sum());
        assertEquals(0, writer.dropped());
    }

    @Test
    void a_batch_of_many_tenants_goes_to_the_store_in_one_call_and_one_tenants_failure_keeps_the_others()
            throws Exception {
        List<java.util.Set<TenantId>> calls = new ArrayList<>();
        List<TenantId> written = new ArrayList<>();
        TenantId broken = new TenantId("tenant-broken");
        RecommendationLog log = new RecommendationLog() {
            @Override
            public void append(TenantId tenant, RecommendationLogEntry entry) {
                if (tenant.equals(broken)) {
                    throw new IllegalStateException("no such tenant");
                }
                synchronized (written) {
                    written.add(tenant);
                }
            }

            @Override
            public java.util.Map<TenantId, RuntimeException> appendAll(
                    java.util.Map<TenantId, List<RecommendationLogEntry>> byTenant) {
                synchronized (calls) {
                    calls.add(java.util.Set.copyOf(byTenant.keySet()));
                }
                return RecommendationLog.super.appendAll(byTenant);
            }

            @Override
            public Optional<RecommendationLogEntry> find(TenantId tenant, String recommendationId) {
                return Optional.empty();
            }
        };
        RecommendationLogWriter writer = new RecommendationLogWriter(log, 1000);
        // Submitted at once: the writer gathers for 100 ms after its first entry, so a batch holds all three
        // tenants (any three consecutive entries do).
        for (int i = 0; i < 30; i++) {
            writer.submit(List.of(a, b, broken).get(i % 3), entry("r" + i));
        }
        writer.flush();
        writer.close();
        assertTrue(calls.contains(java.util.Set.of(a, b, broken)), "one call for the three tenants: " + calls);
        assertEquals(20, written.size(), "the other tenants' entries are written");
    }

    @Test
    void a_store_that_fails_a_whole_batch_loses_that_batch_only_and_the_writer_goes_on() {
        List<String> written = new ArrayList<>();
        boolean[] failing = {true};
        RecommendationLog log = new RecommendationLog() {
            @Override
            public void append(TenantId tenant, RecommendationLogEntry entry) {
                synchronized (written) {
                    written.add(entry.recommendationId());
                }
            }

            @Override
            public java.util.Map<TenantId, RuntimeException> appendAll(
                    java.util.Map<TenantId, List<RecommendationLogEntry>> byTenant) {
                if (failing[0]) {
                    throw new IllegalStateException("database unreachable");
                }
                return RecommendationLog.super.appendAll(byTenant);
            }

            @Override
            public Optional<RecommendationLogEntry> find(TenantId tenant, String recommendationId) {
                return Optional.empty();
            }
        };
        RecommendationLogWriter writer = new RecommendationLogWriter(log, 1000);
        writer.submit(a, entry("lost"));
        writer.flush();
        failing[0] = false;
        writer.submit(b, entry("kept"));
        writer.flush();
        writer.close();
        assertEquals(List.of("kept"), written);
        assertEquals(0, writer.dropped(), "a failed write is not a full queue");
    }

    @Test
    void a_trickle_of_entries_is_gathered_into_few_writes_and_flush_writes_what_is_still_gathering() {
        List<String> batches = new ArrayList<>();
        RecommendationLogWriter writer = new RecommendationLogWriter(recording(batches, null, new CountDownLatch(1)),
                1000);
        for (int i = 0; i < 20; i++) {
            writer.submit(a, entry("r" + i));
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        writer.flush();
        int written;
        synchronized (batches) {
            written = batches.stream().mapToInt(s -> Integer.parseInt(s.split(":")[1])).sum();
            assertEquals(20, written, "flush returns once every submitted entry is written: " + batches);
            assertTrue(batches.size() < 10, "20 entries a millisecond apart take a few writes, not 20: " + batches);
        }
        writer.close();
    }

    @Test
    void a_full_queue_drops_and_counts_instead_of_blocking_the_caller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        List<String> batches = new ArrayList<>();
        RecommendationLogWriter writer = new RecommendationLogWriter(recording(batches, release, stuck), 2);
        writer.submit(a, entry("first"));
        stuck.await();
        for (int i = 0; i < 10; i++) {
            writer.submit(a, entry("r" + i));
        }
        assertEquals(8, writer.dropped(), "two fit in the queue while the store is stuck on the first batch");
        release.countDown();
        writer.close();
        assertEquals(3, batches.stream().mapToInt(s -> Integer.parseInt(s.split(":")[1])).sum());
    }

    private static RecommendationLog recording(List<String> batches, CountDownLatch stuckUntil,
                                               CountDownLatch entered) {
        return new RecommendationLog() {
            @Override
            public void append(TenantId tenant, RecommendationLogEntry entry) {
                appendAll(tenant, List.of(entry));
            }

            @Override
            public void appendAll(TenantId tenant, List<RecommendationLogEntry> entries) {
                entered.countDown();
                if (stuckUntil != null) {
                    try {
                        stuckUntil.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                synchronized (batches) {
                    batches.add(tenant + ":" + entries.size());
                }
            }

            @Override
            public Optional<RecommendationLogEntry> find(TenantId tenant, String recommendationId) {
                return Optional.empty();
            }
        };
    }

    private static RecommendationLogEntry entry(String id) {
        return new RecommendationLogEntry(id, "popular", null, List.of("x"), Instant.parse("2026-01-01T00:00:00Z"));
    }
}
