package io.shelfwise.benchmarks;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;

/**
 * The framework's ceiling for {@code ./shelfwise bench table}: a trivial Helidon SE JSON endpoint
 * ({@code GET /ceiling}, a fixed list of ten item ids, the size of a recommendation answer) on the same WebServer
 * the platform runs, with TCP_NODELAY as the platform sets it, and no JAX-RS, no authentication, no work. What
 * the platform's endpoints reach is reported as a share of what this reaches with the same load generator.
 * Usage: {@code CeilingServer PORT}; prints {@code listening} and serves until killed.
 */
public final class CeilingServer {
    private static final String BODY = "{\"recommendationId\":\"r-0\",\"items\":[\"sku-1\",\"sku-2\",\"sku-3\","
            + "\"sku-4\",\"sku-5\",\"sku-6\",\"sku-7\",\"sku-8\",\"sku-9\",\"sku-10\"]}";

    private CeilingServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "18081");
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.get("/ceiling", (req, res) -> {
                    res.header(HeaderValues.CONTENT_TYPE_JSON);
                    res.send(BODY);
                }))
                .build()
                .start();
        System.out.println("listening on " + server.port());
        Thread.currentThread().join();
    }
}
