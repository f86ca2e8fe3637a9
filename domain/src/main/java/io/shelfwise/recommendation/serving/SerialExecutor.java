package io.shelfwise.recommendation.serving;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs its tasks one at a time, in the order given, on another executor, holding none of its threads while it has
 * nothing to run: a lane that bounds some kind of background work (co-occurrence builds) to one thread of a shared
 * pool, so that a wave of it cannot take every core.
 */
final class SerialExecutor implements Executor {
    private final Executor executor;
    /** Guarded by this. */
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    /** The task handed to {@link #executor} and not finished yet; guarded by this. */
    private Runnable active;

    SerialExecutor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Queues {@code task}; throws {@link RejectedExecutionException} when the executor refused to start it. */
    @Override
    public synchronized void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        tasks.add(() -> {
            try {
                task.run();
            } finally {
                next();
            }
        });
        if (active == null) {
            next();
        }
    }

    private synchronized void next() {
        active = tasks.poll();
        if (active != null) {
            try {
                executor.execute(active);
            } catch (RejectedExecutionException e) {
                // The lane stays usable: what is queued now is dropped with the refused task.
                active = null;
                tasks.clear();
                throw e;
            }
        }
    }
}
