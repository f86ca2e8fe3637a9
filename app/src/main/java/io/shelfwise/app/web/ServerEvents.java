package io.shelfwise.app.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A long-running thing (an onboarding, a rollout) followed live as server-sent events until it ends. */
final class ServerEvents {
    private ServerEvents() {
    }

    /** What {@link #follow} hands the changes it is told of: where to put each new state of the thing. */
    interface Watch<T> {
        /** Starts telling {@code onChange} of every change, the current state first; closing stops it. */
        AutoCloseable start(Consumer<T> onChange);

        static <T> Watch<T> none() {
            return onChange -> () -> { };
        }
    }

    /**
     * On a virtual thread of its own: sends the thing as an {@code name} event (JSON, with {@code id} as the event
     * id) whenever its {@code fingerprint} changed, and ends the stream once it is no longer {@code ongoing} or the
     * client went away. Every state {@code watch} reports is sent, in order; besides, the thing is read every
     * {@code every} while nothing was reported (changes made by another process are seen that way).
     */
    static <T> void follow(SseEventSink sink, Sse sse, String name, Class<T> type, Supplier<T> read, Watch<T> watch,
                           Function<T, String> fingerprint, Function<T, String> id, Predicate<T> ongoing,
                           Duration every) {
        Thread.ofVirtual().name(name + "-events").start(() -> {
            BlockingQueue<T> changes = new LinkedBlockingQueue<>();
            try (sink; AutoCloseable watching = watch.start(changes::add)) {
                String last = null;
                while (!sink.isClosed()) {
                    T reported = changes.poll(last == null ? 0 : every.toMillis(), TimeUnit.MILLISECONDS);
                    T now = reported != null ? reported : read.get();
                    String print = fingerprint.apply(now);
                    if (!print.equals(last)) {
                        sink.send(sse.newEventBuilder().name(name).id(id.apply(now))
                                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(type, now).build())
                                .toCompletableFuture().join();
                        last = print;
                    }
                    if (!ongoing.test(now)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception clientGone) {
                // The client closed the stream; nothing to tell it.
            }
        });
    }
}
