package io.shelfwise.recommendation.serving;

import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.recommendation.port.out.RecommendationLog;
import io.shelfwise.tenancy.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes served lists to the recommendation log off the request path, in batches of all tenants' lists (the
 * store writes a batch at once where its tenants share a table, else tenant by tenant): a request only
 * puts its entry in a bounded queue, and a batch is written when it holds 500 entries or its first entry has waited
 * 100 ms (a crash loses at most that much of the log). When the queue is full (the store cannot keep up) entries are dropped and
 * counted rather than slowing answers down: the log serves attribution, which tolerates a gap.
 */
public final class RecommendationLogWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RecommendationLogWriter.class.getName());
    private static final int BATCH = 500;
    /**
     * How long the first entry of a batch waits for more. Without it a busy server commits a handful of entries at a
     * time, hundreds of commits a second, each rewriting the store's pages (H2 grew by gigabytes in a minute).
     */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RecommendationLog log;
    private final BlockingQueue<Pending> queue;
    private final AtomicLong dropped = new AtomicLong();
    /** Held while a batch is gathered and written; notified after each write. */
    private final Object writing = new Object();
    /** Entries queued so far, and entries written (or given up on) so far; flush waits until they meet. */
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final Thread drainer;
    private volatile boolean running = true;

    public RecommendationLogWriter(RecommendationLog log, int capacity) {
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.drainer = Thread.ofPlatform().daemon().name("shelfwise-rec-log").start(this::drain);
    }

    /** Queues the entry; never blocks. */
    public void submit(TenantId tenant, RecommendationLogEntry entry) {
        // Counted before it is queued, so no flush can see it written before it is counted.
        accepted.incrementAndGet();
        if (!queue.offer(new Pending(tenant, entry))) {
            handled.incrementAndGet();
            long total = dropped.incrementAndGet();
            if (total == 1 || total % 10_000 == 0) {
                LOG.log(System.Logger.Level.WARNING, "event=recommendation_log_dropped total=" + total);
            }
        }
    }

    /** How many entries were dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Writes everything submitted so far, including a batch the background thread is still gathering (this waits
     * for it); for reports that must see lists served a moment ago, and for shutdown.
     */
    public void flush() {
        long target = accepted.get();
        synchronized (writing) {
            List<Pending> batch = new ArrayList<>();
            queue.drainTo(batch);
            write(batch);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // An entry the background thread took just before this flush is written by that thread.
            while (handled.get() < target && System.nanoTime() < deadline) {
                try {
                    writing.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                synchronized (writing) {
                    batch.add(first);
                    long deadline = System.nanoTime() + LINGER_NANOS;
                    queue.drainTo(batch, BATCH - batch.size());
                    while (batch.size() < BATCH && running) {
                        long left = deadline - System.nanoTime();
                        Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                        queue.drainTo(batch, BATCH - batch.size());
                    }
                    write(batch);
                }
            } catch (InterruptedException e) {
                // Stopped while gathering: what was taken from the queue is still written.
                synchronized (writing) {
                    write(batch);
                }
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** Writes {@code batch}; the caller holds {@link #writing}. */
    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            writing.notifyAll();
            return;
        }
        Map<TenantId, List<RecommendationLogEntry>> byTenant = new LinkedHashMap<>();
        batch.forEach(p -> byTenant.computeIfAbsent(p.tenant(), t -> new ArrayList<>()).add(p.entry()));
        Map<TenantId, RuntimeException> failed;
        try {
            failed = log.appendAll(byTenant);
        } catch (RuntimeException e) {
            failed = new LinkedHashMap<>();
            for (TenantId tenant : byTenant.keySet()) {
                failed.put(tenant, e);
            }
        }
        failed.forEach((tenant, e) -> LOG.log(System.Logger.Level.WARNING, "event=recommendation_log_failed tenant="
                + tenant + " entries=" + byTenant.get(tenant).size() + " error=" + e.getMessage()));
        handled.addAndGet(batch.size());
        writing.notifyAll();
    }

    @Override
    public void close() {
        running = false;
        try {
            drainer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    private record Pending(TenantId tenant, RecommendationLogEntry entry) {
    }
}
