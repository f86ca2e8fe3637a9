package io.shelfwise.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A tenant's webhook endpoint on the loopback address: records every signed message it accepts, after an optional
 * delay per message, and refuses (500) those a predicate picks.
 */
final class MessageReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<JsonNode> received = new ArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile Predicate<JsonNode> refuse = m -> false;

    MessageReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode message = JSON.readTree(body);
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = 200;
            if (refuse.test(message)) {
                status = 500;
            } else {
                synchronized (received) {
                    received.add(message);
                }
            }
            byte[] answer = ("{\"messageId\":\"m-" + message.path("deliveryId").asText() + "\"}").getBytes();
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void delay(Duration perMessage) {
        this.delay = perMessage;
    }

    void refuse(Predicate<JsonNode> which) {
        this.refuse = which;
    }

    List<JsonNode> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until at least {@code count} messages arrived, or fails after {@code timeout}. */
    List<JsonNode> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + received().size() + " of " + count + " messages arrived");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return received();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
