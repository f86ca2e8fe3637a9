package io.shelfwise.adapters.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit: requests that arrive while a write is in progress are written together, in one transaction,
 * by whichever waiting caller takes the lead next; every caller still returns only after its own request is
 * committed (or has failed). Groups are taken in arrival order; up to {@code writers} groups are written at once
 * (each on its own connection), and {@code writeGroup} keeps concurrent groups consistent (for events: a unique key
 * race retries, the quota row is locked).
 *
 * <p>When a group's transaction fails, each of its requests is written again on its own, so one bad request
 * fails alone and the others still commit.
 *
 * @param <R> a request
 * @param <O> its outcome
 */
final class GroupCommit<R, O> {
    private final Function<List<R>, List<O>> writeGroup;
    private final ToIntFunction<R> weight;
    private final int maxRequests;
    private final int maxWeight;
    private final int maxWriters;
    private final Object monitor = new Object();
    private final ArrayDeque<Pending<R, O>> queue = new ArrayDeque<>();
    private int writing;

    /**
     * @param writeGroup writes the requests in one transaction and returns their outcomes in the same order; it
     *                   may be called with any number of them, and again with single ones after a failure
     * @param weight     a request's size (events in a batch) for {@code maxWeight}
     * @param maxRequests at most this many requests per group
     * @param maxWeight  and at most this much weight (a larger single request is written alone)
     * @param maxWriters at most this many groups are written at the same time
     */
    GroupCommit(Function<List<R>, List<O>> writeGroup, ToIntFunction<R> weight, int maxRequests, int maxWeight,
                int maxWriters) {
        if (maxRequests < 1 || maxWeight < 1 || maxWriters < 1) {
            throw new IllegalArgumentException("group limits must be positive");
        }
        this.writeGroup = writeGroup;
        this.weight = weight;
        this.maxRequests = maxRequests;
        this.maxWeight = maxWeight;
        this.maxWriters = maxWriters;
    }

    /** Writes {@code request} (in some group) and returns its outcome once committed; rethrows its failure. */
    O submit(R request) {
        Pending<R, O> mine = new Pending<>(request);
        synchronized (monitor) {
            queue.add(mine);
        }
        boolean interrupted = false;
        try {
            while (true) {
                List<Pending<R, O>> group;
                synchronized (monitor) {
                    // Taken: in a group being written, so wait for it; else lead a group once a writer is free.
                    while (!mine.done && (mine.taken || writing >= maxWriters)) {
                        try {
                            monitor.wait();
                        } catch (InterruptedException e) {
                            // The request is queued and will be written: wait for its outcome, keep the flag.
                            interrupted = true;
                        }
                    }
                    if (mine.done) {
                        return mine.outcome();
                    }
                    writing++;
                    group = take();
                }
                try {
                    write(group);
                } finally {
                    synchronized (monitor) {
                        writing--;
                        monitor.notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Requests waiting for a group (for tests). */
    int queued() {
        synchronized (monitor) {
            return queue.size();
        }
    }

    /** The next group from the head of the queue (at least one request); called holding the monitor. */
    private List<Pending<R, O>> take() {
        List<Pending<R, O>> group = new ArrayList<>();
        int total = 0;
        while (!queue.isEmpty() && group.size() < maxRequests) {
            int next = Math.max(1, weight.applyAsInt(queue.peek().request));
            if (!group.isEmpty() && total + next > maxWeight) {
                break;
            }
            total += next;
            Pending<R, O> taken = queue.poll();
            taken.taken = true;
            group.add(taken);
        }
        return group;
    }

    private void write(List<Pending<R, O>> group) {
        List<R> requests = group.stream().map(p -> p.request).toList();
        try {
            List<O> outcomes = writeGroup.apply(requests);
            if (outcomes.size() != group.size()) {
                throw new IllegalStateException("a group of " + group.size() + " got " + outcomes.size() + " outcomes");
            }
            for (int i = 0; i < group.size(); i++) {
                group.get(i).succeed(outcomes.get(i));
            }
        } catch (RuntimeException | Error e) {
            if (group.size() == 1) {
                group.getFirst().fail(e);
                return;
            }
            // Nothing of the group was committed: each request on its own, so only a bad one fails.
            for (Pending<R, O> one : group) {
                try {
                    one.succeed(writeGroup.apply(List.of(one.request)).getFirst());
                } catch (RuntimeException | Error alone) {
                    one.fail(alone);
                }
            }
        }
    }

    /** A request and, once written, its outcome or failure (read under the monitor or after {@code done}). */
    private static final class Pending<R, O> {
        final R request;
        boolean taken;
        volatile boolean done;
        private O outcome;
        private Throwable failure;

        Pending(R request) {
            this.request = request;
        }

        void succeed(O value) {
            outcome = value;
            done = true;
        }

        void fail(Throwable error) {
            failure = error;
            done = true;
        }

        O outcome() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return outcome;
        }
    }
}
