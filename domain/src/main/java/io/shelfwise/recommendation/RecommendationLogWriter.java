package io.shelfwise.recommendation;

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
 * Writes served lists to the recommendation log off the request path, in batches per tenant: a request only
 * puts its entry in a bounded queue. When the queue is full (the store cannot keep up) entries are dropped and
 * counted rather than slowing answers down: the log serves attribution, which tolerates a gap.
 */
public final class RecommendationLogWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RecommendationLogWriter.class.getName());
    private static final int BATCH = 500;

    private final RecommendationLog log;
    private final BlockingQueue<Pending> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread drainer;
    private volatile boolean running = true;

    public RecommendationLogWriter(RecommendationLog log, int capacity) {
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.drainer = Thread.ofPlatform().daemon().name("shelfwise-rec-log").start(this::drain);
    }

    /** Queues the entry; never blocks. */
    public void submit(TenantId tenant, RecommendationLogEntry entry) {
        if (!queue.offer(new Pending(tenant, entry))) {
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

    /** Writes everything queued so far; for shutdown and tests. */
    public void flush() {
        List<Pending> batch = new ArrayList<>();
        queue.drainTo(batch);
        write(batch);
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        Map<TenantId, List<RecommendationLogEntry>> byTenant = new LinkedHashMap<>();
        batch.forEach(p -> byTenant.computeIfAbsent(p.tenant(), t -> new ArrayList<>()).add(p.entry()));
        byTenant.forEach((tenant, entries) -> {
            try {
                log.appendAll(tenant, entries);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "event=recommendation_log_failed tenant=" + tenant
                        + " entries=" + entries.size() + " error=" + e.getMessage());
            }
        });
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
