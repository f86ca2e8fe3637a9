package io.shelfwise.benchmarks;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.shelfwise.adapters.sql.DatabaseSettings;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.app.Platform;
import io.shelfwise.app.Settings;
import io.shelfwise.sdk.DropReason;
import io.shelfwise.sdk.ShelfwiseClient;
import io.shelfwise.sdk.model.Event;
import io.shelfwise.sdk.model.Item;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator for the tenant API, through the published SDK over loopback HTTP:
 * (1) event ingestion throughput with {@code events().track()}, (2) catalog upsert throughput, and
 * (3) latency and throughput of the popular, home, similar and cart endpoints under closed-loop concurrency, or,
 * with {@code --rate N}, latency at a fixed rate of N requests per second (open loop: each request is due at its
 * own time whether or not earlier ones have answered, and its latency counts from that time, so a stalled server
 * shows in the figures instead of slowing the generator down). By default it starts an embedded platform in this JVM on a fresh data directory; {@code --url} and
 * {@code --admin-token} aim it at a platform started separately (e.g. {@code ./shelfwise run}).
 */
public final class HttpBenchmark {
    private HttpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LogConfig.configureRuntime();
        Map<String, String> opts = options(args);
        long events = Long.parseLong(opts.getOrDefault("events", "200000"));
        int producers = Integer.parseInt(opts.getOrDefault("producers", "4"));
        int items = Integer.parseInt(opts.getOrDefault("items", "20000"));
        int shoppers = Integer.parseInt(opts.getOrDefault("shoppers", "20000"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "8"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "0"));
        // --learned true: events spread over the past 30 days, then a model trained and made active before the
        // serving runs, so home / similar / cart are measured with the learned blend, as a trained tenant is served.
        boolean learned = Boolean.parseBoolean(opts.getOrDefault("learned", "false"));

        Platform embedded = null;
        String url = opts.get("url");
        String adminToken = opts.get("admin-token");
        if (url == null) {
            Path dir = ScratchDirectory.create("shelfwise-bench");
            adminToken = "op_bench";
            Settings defaults = Settings.from(Config.empty(), Map.of());
            // --db-url runs the embedded platform on PostgreSQL (as production does) instead of an H2 file.
            DatabaseSettings database = opts.containsKey("db-url")
                    ? new DatabaseSettings(opts.get("db-url"), opts.getOrDefault("db-user", "postgres"),
                            opts.getOrDefault("db-password", ""), 16)
                    : SqlDatabase.h2File(dir);
            embedded = Platform.start(new Settings("127.0.0.1", 0, dir, Optional.of(adminToken),
                    database, defaults.authCacheTtl(), defaults.popularityCacheTtl(),
                    defaults.modelRefresh(), defaults.catalogRefresh(), defaults.shopperCacheTtl(), defaults.shopperActivityCapacity(),
                    defaults.maxBodyBytes(), defaults.tierPolicies(), defaults.naming(),
                    defaults.meteringFlushInterval(), Settings.Cloud.EMBEDDED, Optional.empty(),
                training(defaults.training(), opts), defaults.server().withManagementPort(0), Settings.Crm.defaults(),
                defaults.console()));
            url = "http://127.0.0.1:" + embedded.port();
            System.out.println("embedded platform on " + url + ", data in " + dir + ", database "
                    + database.url().replaceAll(";.*", ""));
        }
        try {
            String key = tenantWithKey(url, adminToken, "bench-" + System.currentTimeMillis() % 100000);
            try (ShelfwiseClient client = ShelfwiseClient.builder().apiKey(key).baseUrl(url)
                    .eventBatchSize(500).maxBufferedEvents(50_000).flushInterval(Duration.ofMillis(100))
                    // --in-flight N: event batches the SDK sends at once (its default is 2).
                    .maxConcurrentBatches(Integer.parseInt(opts.getOrDefault("in-flight", "2")))
                    .closeTimeout(Duration.ofMinutes(5))
                    // Buffer-full refusals are expected here (producers retry them); anything else is a failure.
                    .onDropped(dropped -> {
                        if (dropped.reason() != DropReason.BUFFER_FULL) {
                            throw new IllegalStateException("events dropped: " + dropped.reason());
                        }
                    })
                    .build()) {
                catalog(client, items);
                ingest(client, events, producers, items, shoppers, learned);
                if (learned) {
                    trainAndActivate(url, key);
                }
                int shopperCount = shoppers;
                int itemCount = items;
                Surface measure = rate > 0 ? (name, call) -> paced(name, rate, seconds, call)
                        : (name, call) -> surface(name, concurrency, seconds, call);
                // One request alone first: a tenant's first request on a surface builds its model, which is
                // reported on its own rather than as a backlog in the sustained figures.
                Surface surface = (name, call) -> {
                    long begin = System.nanoTime();
                    call.accept(new SplittableRandom(1));
                    System.out.printf("%s: first request (builds the tenant's model) %.0f ms%n", name,
                            (System.nanoTime() - begin) / 1e6);
                    measure.measure(name, call);
                };
                surface.measure("GET /v1/recommendations/popular?limit=10",
                        random -> client.recommendations().popular(10));
                surface.measure("GET /v1/recommendations/home?userId=..&limit=10",
                        random -> client.recommendations().home("u" + random.nextInt(shopperCount), 10));
                surface.measure("GET /v1/recommendations/similar?itemId=..&limit=10",
                        random -> client.recommendations().similar("sku-" + skewed(random, itemCount), 10));
                surface.measure("GET /v1/recommendations/cart?itemIds=..,..&limit=10",
                        random -> client.recommendations().cart(List.of("sku-" + skewed(random, itemCount),
                                "sku-" + skewed(random, itemCount)), "u" + random.nextInt(shopperCount), 10));
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void catalog(ShelfwiseClient client, int items) {
        List<Item> catalog = new ArrayList<>(items);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < items; i++) {
            catalog.add(Item.builder().id("sku-" + i).title("Item " + i).brand("brand-" + (i % 50))
                    .categoryPath("cat-" + (i % 20), "sub-" + (i % 100))
                    .price(BigDecimal.valueOf(500 + random.nextInt(20_000), 2)).currency("EUR")
                    .inStock(random.nextInt(10) > 0).attribute("color", "c" + (i % 12)).build());
        }
        long start = System.nanoTime();
        client.catalog().upsert(catalog);
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("catalog upsert: %d items in %.2f s = %.0f items/s (batches of 1000)%n", items, s,
                items / s);
    }

    private static void ingest(ShelfwiseClient client, long events, int producers, int items, int shoppers,
                               boolean spreadOverMonth) throws InterruptedException {
        java.time.Instant now = java.time.Instant.now();
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        CountDownLatch done = new CountDownLatch(producers);
        long start = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            SplittableRandom random = new SplittableRandom(p);
            Thread producer = new Thread(() -> {
                try {
                    while (next.getAndIncrement() < events) {
                        // Power-law-ish popularity: low item numbers are seen far more often.
                        int item = (int) Math.min(items - 1, Math.pow(random.nextDouble(), 3) * items);
                        String user = "u" + random.nextInt(shoppers);
                        Event event = random.nextInt(20) == 0
                                ? Event.purchase(user, "sku-" + item, 1, new BigDecimal("19.99"), "EUR")
                                : Event.view(user, "sku-" + item);
                        if (spreadOverMonth) {
                            boolean purchase = event.type() == io.shelfwise.sdk.model.EventType.PURCHASE;
                            Event.Builder b = Event.builder(event.type()).userId(user).itemIds("sku-" + item)
                                    .timestamp(now.minusSeconds(random.nextLong(30L * 24 * 3600)));
                            event = purchase ? b.quantity(1).price(new BigDecimal("19.99")).currency("EUR").build()
                                    : b.build();
                        }
                        // A full buffer means the producers outrun the server: wait for the sender to drain it.
                        while (!client.events().track(event)) {
                            refused.incrementAndGet();
                            // Not a spin: the cores are shared with the server.
                            LockSupport.parkNanos(5_000_000);
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "producer-" + p);
            producer.start();
        }
        done.await();
        if (!client.events().flush(Duration.ofMinutes(5))) {
            throw new IllegalStateException("events were not all sent within 5 minutes");
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("event ingestion: %d events in %.2f s = %.0f events/s (%d producer threads, SDK batches"
                + " of 500); sent %d, buffer-full refusals retried by the producers %d%n", events, s, events / s,
                producers, client.events().stats().sent(), refused.get());
    }

    /** Item numbers skewed towards the popular low numbers, as the ingested events are. */
    private static int skewed(SplittableRandom random, int items) {
        return (int) Math.min(items - 1, Math.pow(random.nextDouble(), 3) * items);
    }

    /** One way of measuring an endpoint. */
    private interface Surface {
        void measure(String name, java.util.function.Consumer<SplittableRandom> call) throws InterruptedException;
    }

    /** Open loop at {@code rate} requests per second on one endpoint: a 5 s warm-up, then {@code seconds} measured. */
    private static void paced(String name, int rate, int seconds, java.util.function.Consumer<SplittableRandom> call)
            throws InterruptedException {
        pacedRun(rate, 5, call, new AtomicLong());
        long start = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        long[] all = pacedRun(rate, seconds, call, failed);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Arrays.sort(all);
        System.out.printf("%s: %d requests in %.1f s = %.0f req/s paced at %d req/s (open loop), %d failed; latency"
                        + " from the due time p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                name, all.length, elapsed, all.length / elapsed, rate, failed.get(), ms(all, 0.50), ms(all, 0.90),
                ms(all, 0.99), ms(all, 0.999), all[all.length - 1] / 1e6);
    }

    /** Starts one request every {@code 1/rate} s on its own virtual thread; latencies count from the due time. */
    private static long[] pacedRun(int rate, int seconds, java.util.function.Consumer<SplittableRandom> call,
                                   AtomicLong failed) {
        int total = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long[] latencies = new long[total];
        SplittableRandom seeds = new SplittableRandom(2000);
        try (var workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                SplittableRandom random = seeds.split();
                int slot = i;
                workers.execute(() -> {
                    try {
                        call.accept(random);
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                    latencies[slot] = System.nanoTime() - due;
                });
            }
        }
        return latencies;
    }

    /** Closed-loop clients on one endpoint: a warm-up, then {@code seconds} measured. */
    private static void surface(String name, int concurrency, int seconds,
                                java.util.function.Consumer<SplittableRandom> call) throws InterruptedException {
        run(concurrency, 5, null, call);
        List<long[]> perThread = new ArrayList<>();
        long start = System.nanoTime();
        run(concurrency, seconds, perThread, call);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        System.out.printf("%s: %d requests in %.1f s = %.0f req/s with %d concurrent clients; latency p50 %.2f ms,"
                        + " p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", name, all.length, elapsed,
                all.length / elapsed, concurrency, ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), ms(all, 0.999),
                all[all.length - 1] / 1e6);
    }

    private static void run(int concurrency, int seconds, List<long[]> results,
                            java.util.function.Consumer<SplittableRandom> call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            SplittableRandom random = new SplittableRandom(1000 + t);
            Thread thread = new Thread(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    long begin = System.nanoTime();
                    call.accept(random);
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - begin;
                }
                if (results != null) {
                    synchronized (results) {
                        results.add(Arrays.copyOf(latencies, n));
                    }
                }
            }, "client-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    /**
     * Trains the tenant's model through the API, prints the run and the gate's decision, and promotes the version
     * by hand if the gate rejected it (the benchmark's random events carry little taste for a model to learn).
     */
    private static void trainAndActivate(String url, String key) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long begin = System.nanoTime();
        String run = send(http, "POST", url + "/v1/models/trainings", key, null, 202);
        String id = run.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        String state;
        do {
            Thread.sleep(500);
            run = send(http, "GET", url + "/v1/models/trainings/" + id, key, null, 200);
            state = run.replaceAll(".*\"state\":\"([^\"]+)\".*", "$1");
        } while (!state.equals("promoted") && !state.equals("rejected") && !state.equals("failed"));
        System.out.printf("training run: %s in %.1f s: %s%n", state, (System.nanoTime() - begin) / 1e9,
                run.replaceAll(".*\"message\":(\"[^\"]*\"|null).*", "$1"));
        if (state.equals("failed")) {
            throw new IllegalStateException("training failed: " + run);
        }
        String version = run.replaceAll(".*\"version\":(\\d+).*", "$1");
        if (state.equals("rejected")) {
            send(http, "POST", url + "/v1/models/" + version + "/promote", key, null, 200);
            System.out.println("promoted version " + version + " by hand, to measure serving with a learned model");
        }
    }

    /** One request with {@code json} as its body (none when null); anything but {@code expected} is an error. */
    private static String send(HttpClient http, String method, String url, String token, String json, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> reply = http.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + reply.statusCode() + ": "
                    + reply.body());
        }
        return reply.body();
    }

    private static String tenantWithKey(String url, String adminToken, String tenant)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        send(http, "POST", url + "/admin/v1/tenants", adminToken,
                "{\"id\":\"" + tenant + "\",\"displayName\":\"Benchmark\",\"tier\":\"enterprise\"}", 201);
        String body = send(http, "POST", url + "/admin/v1/tenants/" + tenant + "/keys", adminToken,
                "{\"label\":\"bench\"}", 201);
        return body.replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
    }

    /** Training only on request; {@code --factors N} sets the learned model's vector length. */
    private static Settings.Training training(Settings.Training defaults, Map<String, String> opts) {
        var model = defaults.model();
        if (opts.containsKey("factors")) {
            var o = model.options();
            model = model.withOptions(new io.shelfwise.recommendation.training.TrainingOptions(
                    Integer.parseInt(opts.get("factors")), o.epochs(), o.learningRate(), o.regularization(), o.seed()));
        }
        return new Settings.Training(model, Duration.ZERO,
                Path.of(System.getProperty("DJL_CACHE_DIR", "target/djl-cache")), defaults.activeCheck());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}
