package io.shelfwise.app.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A long-running thing (an onboarding, a rollout) followed live as server-sent events until it ends. */
final class ServerEvents {
    private ServerEvents() {
    }

    /**
     * On a virtual thread of its own: reads the thing every {@code every}, sends it as an {@code name} event (JSON,
     * with {@code id} as the event id) whenever its {@code fingerprint} changed, and ends the stream once it is no
     * longer {@code ongoing} or the client went away.
     */
    static <T> void follow(SseEventSink sink, Sse sse, String name, Class<T> type, Supplier<T> read,
                           Function<T, String> fingerprint, Function<T, String> id, Predicate<T> ongoing,
                           Duration every) {
        Thread.ofVirtual().name(name + "-events").start(() -> {
            try (sink) {
                String last = null;
                while (!sink.isClosed()) {
                    T now = read.get();
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
                    Thread.sleep(every.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException clientGone) {
                // The client closed the stream; nothing to tell it.
            }
        });
    }
}
