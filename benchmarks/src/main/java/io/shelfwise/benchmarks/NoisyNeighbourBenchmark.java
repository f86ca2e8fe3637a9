package io.shelfwise.benchmarks;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.app.Platform;
import io.shelfwise.app.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two pooled (Standard) tenants in one embedded platform: the quiet one's latency on
 * {@code GET /v1/recommendations/popular} alone, then while the noisy one floods the same process with many
 * concurrent clients. The flood spends only the noisy tenant's token bucket (429s), so the quiet tenant's
 * latency is what the remaining shared CPU gives it.
 */
public final class NoisyNeighbourBenchmark {
    private NoisyNeighbourBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LogConfig.configureRuntime();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int floodThreads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path dir = ScratchDirectory.create("shelfwise-noisy");
        Settings defaults = Settings.from(Config.empty(), Map.of());
        try (Platform platform = Platform.start(new Settings("127.0.0.1", 0, dir, Optional.of("op_bench"),
                SqlDatabase.h2File(dir), defaults.authCacheTtl(), defaults.popularityCacheTtl(),
                    defaults.modelRefresh(), defaults.catalogRefresh(), defaults.shopperCacheTtl(), defaults.shopperActivityCapacity(),
                defaults.maxBodyBytes(), defaults.tierPolicies(), defaults.naming(),
                defaults.meteringFlushInterval(), Settings.Cloud.EMBEDDED, Optional.empty(),
                defaults.training().withInterval(Duration.ZERO)
                        .withDjlCacheDir(Path.of(System.getProperty("DJL_CACHE_DIR", "target/djl-cache"))),
                defaults.server().withManagementPort(0), Settings.Crm.defaults(),
                defaults.console()))) {
            String base = "http://127.0.0.1:" + platform.port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String quiet = tenant(http, base, "quiet");
            String noisy = tenant(http, base, "noisy");
            for (String key : List.of(quiet, noisy)) {
                send(http, base, "PUT", "/v1/items", key, "{\"items\":[" + String.join(",",
                        java.util.stream.IntStream.range(0, 500).mapToObj(i -> "{\"id\":\"sku-" + i
                                + "\",\"title\":\"Item " + i + "\",\"inStock\":true}").toList()) + "]}");
            }
            measure(http, base, quiet, 3);
            long[] alone = measure(http, base, quiet, seconds);
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong floodOk = new AtomicLong();
            AtomicLong flood429 = new AtomicLong();
            List<Thread> flood = new ArrayList<>();
            for (int i = 0; i < floodThreads; i++) {
                Thread t = new Thread(() -> {
                    while (flooding.get()) {
                        int status = send(http, base, "GET", "/v1/recommendations/popular?limit=10", noisy, null);
                        (status == 429 ? flood429 : floodOk).incrementAndGet();
                    }
                });
                t.start();
                flood.add(t);
            }
            long[] withFlood = measure(http, base, quiet, seconds);
            flooding.set(false);
            for (Thread t : flood) {
                t.join();
            }
            System.out.printf("quiet tenant alone:           %s%n", summary(alone, seconds));
            System.out.printf("quiet tenant during flood:    %s%n", summary(withFlood, seconds));
            System.out.printf("noisy tenant (%d threads):    %d answered, %d throttled with 429 (%.0f%%)%n",
                    floodThreads, floodOk.get(), flood429.get(),
                    100.0 * flood429.get() / Math.max(1, floodOk.get() + flood429.get()));
        }
    }

    /** One closed-loop client paced at ~50 requests/s, well inside the Standard tier's 200/s. */
    private static long[] measure(HttpClient http, String base, String key, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long[] latencies = new long[seconds * 100];
        int n = 0;
        while (System.nanoTime() < deadline && n < latencies.length) {
            long start = System.nanoTime();
            int status = send(http, base, "GET", "/v1/recommendations/popular?limit=10", key, null);
            if (status != 200) {
                throw new IllegalStateException("the quiet tenant got " + status);
            }
            latencies[n++] = System.nanoTime() - start;
            Thread.sleep(20);
        }
        long[] result = Arrays.copyOf(latencies, n);
        Arrays.sort(result);
        return result;
    }

    private static String summary(long[] sorted, int seconds) {
        return String.format("%d requests in %d s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
                sorted.length, seconds, at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    private static String tenant(HttpClient http, String base, String id) throws Exception {
        send(http, base, "POST", "/admin/v1/tenants", "op_bench",
                "{\"id\":\"" + id + "\",\"displayName\":\"" + id + "\",\"tier\":\"standard\"}");
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/v1/tenants/" + id
                        + "/keys")).header("Authorization", "Bearer op_bench").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        return key.body().replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
    }

    private static int send(HttpClient http, String base, String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
