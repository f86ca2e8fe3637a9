package io.shelfwise.adapters.messaging;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on 127.0.0.1 that records every request and answers with a status and body set by the test. */
final class WebhookReceiver implements AutoCloseable {
    /** One request as received: its headers and raw body bytes. */
    record Received(String method, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile int status = 202;
    private volatile String responseBody = "";
    private volatile Duration delay = Duration.ZERO;
    private volatile java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(0);

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), in.readAllBytes()));
                java.util.concurrent.CountDownLatch latch = together;
                latch.countDown();
                latch.await(5, TimeUnit.SECONDS);
                if (!delay.isZero()) {
                    Thread.sleep(delay);
                }
                byte[] body = responseBody.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    /** The URL of this receiver's {@code path}, always on 127.0.0.1. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    WebhookReceiver answering(int status, String body) {
        this.status = status;
        this.responseBody = body;
        return this;
    }

    /** Holds every answer until {@code requests} requests are in at once (or 5 s have passed). */
    WebhookReceiver answeringOnlyWhenInFlightTogether(int requests) {
        this.together = new java.util.concurrent.CountDownLatch(requests);
        return this;
    }

    WebhookReceiver delaying(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** The next request received, waiting for it a little. */
    Received next() throws InterruptedException {
        Received request = received.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the receiver got no request");
        }
        return request;
    }

    int count() {
        return received.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
