package io.shelfwise.sdk;

import io.shelfwise.sdk.error.ApiException;
import io.shelfwise.sdk.error.NetworkException;
import io.shelfwise.sdk.error.RateLimitedException;
import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.error.ValidationException;
import io.shelfwise.sdk.model.Event;
import io.shelfwise.sdk.model.TrackResult;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;

/**
 * The bounded buffer behind {@code events().track}: up to {@code senders} daemon threads send its events in
 * batches when a batch is full, when the oldest event has waited {@code flushInterval}, on flush and on close; with
 * more than one, that many batches are in flight at once (the server commits concurrent batches together), so
 * batches may arrive in a different order than their events were tracked.
 */
final class EventPipeline {

    private static final System.Logger LOG = System.getLogger(EventPipeline.class.getName());
    private static final Pattern EVENT_FIELD = Pattern.compile("^events\\[(\\d+)]");
    // After the close timeout the in-flight batch is cancelled; this bounds the wait for the sender to notice.
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(1);

    private record Pending(Event event, long enqueuedAtNanos) {
    }

    private final Transport transport;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final int maxBufferedEvents;
    private final DroppedEventsListener listener;
    private final int senders;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeSender = lock.newCondition();
    private final Condition settled = lock.newCondition();
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    // Guarded by lock: events taken into the buffer, events sent or dropped after that, flush target.
    private long enqueuedTotal;
    private long settledTotal;
    private long flushUpTo;
    private boolean closing;
    private final List<Thread> senderThreads = new ArrayList<>();

    private volatile boolean abandoned;
    private final LongAdder sent = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder retries = new LongAdder();

    EventPipeline(Transport transport, int batchSize, Duration flushInterval, int maxBufferedEvents,
                  DroppedEventsListener listener) {
        this(transport, batchSize, flushInterval, maxBufferedEvents, listener, 1);
    }

    EventPipeline(Transport transport, int batchSize, Duration flushInterval, int maxBufferedEvents,
                  DroppedEventsListener listener, int senders) {
        if (senders < 1) {
            throw new IllegalArgumentException("senders must be >= 1");
        }
        this.senders = senders;
        this.transport = transport;
        this.batchSize = batchSize;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.maxBufferedEvents = maxBufferedEvents;
        this.listener = listener;
    }

    boolean track(Event event) {
        DropReason refused;
        lock.lock();
        try {
            if (closing) {
                refused = DropReason.CLIENT_CLOSED;
            } else if (buffer.size() >= maxBufferedEvents) {
                refused = DropReason.BUFFER_FULL;
            } else {
                buffer.addLast(new Pending(event, System.nanoTime()));
                enqueuedTotal++;
                if (senderThreads.isEmpty()) {
                    for (int i = 0; i < senders; i++) {
                        Thread sender = new Thread(this::runSender, "shelfwise-event-sender-" + i);
                        sender.setDaemon(true);
                        sender.start();
                        senderThreads.add(sender);
                    }
                }
                if (buffer.size() == 1 || buffer.size() >= batchSize) {
                    wakeSender.signal();
                }
                return true;
            }
        } finally {
            lock.unlock();
        }
        drop(refused, List.of(event), null);
        return false;
    }

    boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = enqueuedTotal;
            if (target > flushUpTo) {
                flushUpTo = target;
                wakeSender.signal();
            }
            while (settledTotal < target) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                settled.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    EventStats stats() {
        long enqueued;
        lock.lock();
        try {
            enqueued = enqueuedTotal;
        } finally {
            lock.unlock();
        }
        return new EventStats(enqueued, sent.sum(), duplicates.sum(), dropped.sum(), retries.sum());
    }

    /** Sends what is buffered, waiting at most {@code timeout}; whatever is still unsent then is dropped. */
    void close(Duration timeout) {
        List<Thread> running;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            running = List.copyOf(senderThreads);
            wakeSender.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread sender : running) {
            join(sender, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        if (running.stream().anyMatch(Thread::isAlive)) {
            abandoned = true;
            transport.cancel(request -> request.tag(EventPipeline.class) == this);
            running.forEach(Thread::interrupt);
            for (Thread sender : running) {
                join(sender, ABANDON_GRACE);
            }
        }
        List<Event> leftovers = new ArrayList<>();
        lock.lock();
        try {
            buffer.forEach(pending -> leftovers.add(pending.event()));
            buffer.clear();
            settledTotal += leftovers.size();
            settled.signalAll();
        } finally {
            lock.unlock();
        }
        if (!leftovers.isEmpty()) {
            drop(DropReason.CLIENT_CLOSED, leftovers, null);
        }
    }

    private void runSender() {
        lock.lock();
        try {
            while (!abandoned) {
                if (buffer.isEmpty()) {
                    if (closing) {
                        return;
                    }
                    wakeSender.await();
                    continue;
                }
                long wait = nanosUntilDue();
                if (wait > 0) {
                    wakeSender.awaitNanos(wait);
                    continue;
                }
                List<Event> batch = takeBatch();
                if (!buffer.isEmpty()) {
                    // More to send: another sender may take the next batch while this one is in flight.
                    wakeSender.signal();
                }
                lock.unlock();
                try {
                    deliverSafely(batch);
                } finally {
                    lock.lock();
                }
                settledTotal += batch.size();
                settled.signalAll();
            }
        } catch (InterruptedException e) {
            // Only close() interrupts this thread, after giving up on it; close() drops what is left.
        } finally {
            lock.unlock();
        }
    }

    private long nanosUntilDue() {
        if (closing || buffer.size() >= batchSize || flushUpTo > settledTotal) {
            return 0;
        }
        return buffer.getFirst().enqueuedAtNanos() + flushIntervalNanos - System.nanoTime();
    }

    private List<Event> takeBatch() {
        List<Event> batch = new ArrayList<>(Math.min(batchSize, buffer.size()));
        while (batch.size() < batchSize && !buffer.isEmpty()) {
            batch.add(buffer.removeFirst().event());
        }
        return batch;
    }

    private void deliverSafely(List<Event> batch) {
        try {
            deliver(batch);
        } catch (RuntimeException bug) {
            // Keeps the sender alive and flush() honest if something unforeseen breaks one batch.
            LOG.log(Level.ERROR, "event=shelfwise_batch_failed count=" + batch.size(), bug);
            drop(DropReason.REJECTED, batch, null);
        }
    }

    private void deliver(List<Event> batch) {
        if (abandoned) {
            drop(DropReason.CLIENT_CLOSED, batch, null);
            return;
        }
        Request request = transport.request(transport.url("v1/events").build())
                .tag(EventPipeline.class, this)
                .post(Transport.json(new EventBatch(batch)))
                .build();
        try {
            TrackResult result = transport.execute(request, Transport.ResponseReader.json(TrackResult.class), this::retrying);
            sent.add(result.accepted());
            duplicates.add(result.duplicates());
        } catch (ValidationException rejected) {
            redeliverValidPart(batch, rejected);
        } catch (ShelfwiseException failure) {
            drop(abandoned ? DropReason.CLIENT_CLOSED : reasonFor(failure), batch, failure);
        }
    }

    /**
     * The server stores nothing of an invalid batch. A batch too large is sent again in halves, and a
     * batch with invalid events is sent again without them, so that one bad event does not cost its
     * neighbours.
     */
    private void redeliverValidPart(List<Event> batch, ValidationException rejected) {
        if (rejected.status() == 413 && batch.size() > 1) {
            int half = batch.size() / 2;
            deliver(batch.subList(0, half));
            deliver(batch.subList(half, batch.size()));
            return;
        }
        Set<Integer> invalid = rejected.status() == 422 ? invalidEvents(rejected, batch.size()) : Set.of();
        if (invalid.isEmpty()) {
            drop(DropReason.REJECTED, batch, rejected);
            return;
        }
        List<Event> bad = new ArrayList<>();
        List<Event> good = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            (invalid.contains(i) ? bad : good).add(batch.get(i));
        }
        drop(DropReason.REJECTED, bad, rejected);
        if (!good.isEmpty()) {
            deliver(good);
        }
    }

    /** The indexes of the events the errors name, or none when any error is about something else. */
    private static Set<Integer> invalidEvents(ValidationException rejected, int batchSize) {
        Set<Integer> indexes = new HashSet<>();
        for (var error : rejected.errors()) {
            Matcher matcher = EVENT_FIELD.matcher(error.field());
            if (!matcher.find()) {
                return Set.of();
            }
            int index = Integer.parseInt(matcher.group(1));
            if (index >= batchSize) {
                return Set.of();
            }
            indexes.add(index);
        }
        return indexes;
    }

    private static DropReason reasonFor(ShelfwiseException failure) {
        boolean retryable = failure instanceof RateLimitedException || failure instanceof NetworkException
                || (failure instanceof ApiException && failure.status() >= 500);
        return retryable ? DropReason.RETRIES_EXHAUSTED : DropReason.REJECTED;
    }

    private boolean retrying(ShelfwiseException failure) {
        if (abandoned) {
            return false;
        }
        retries.increment();
        return true;
    }

    private void drop(DropReason reason, List<Event> events, ShelfwiseException cause) {
        dropped.add(events.size());
        if (listener == null) {
            LOG.log(Level.WARNING, "event=shelfwise_events_dropped reason=" + reason + " count=" + events.size()
                    + (cause == null ? "" : " cause=\"" + cause.getMessage() + "\""));
            return;
        }
        try {
            listener.onDropped(new DroppedEvents(reason, events, Optional.ofNullable(cause)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event=shelfwise_dropped_listener_failed reason=" + reason, e);
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
