package io.shelfwise.benchmarks;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator for {@code ./shelfwise bench table}, run in its own JVM, built like wrk2: each of
 * {@code CONNECTIONS} keep-alive connections (OkHttp, one thread each) sends its share of the requests on a fixed
 * schedule whatever the server's answers do, and each latency is counted from the moment its request was due, not
 * from when it left. A server that stalls therefore shows the whole stall, and the queue behind it, in the
 * percentiles (no coordinated omission); wrk instead keeps a fixed number of requests in flight, so a slow server
 * slows the load down. The first {@code WARMUP} seconds (default 3) are sent but not counted.
 *
 * <p>Usage: {@code OpenLoopLoad BASE_URL SURFACE RATE SECONDS [CONNECTIONS]} (16 connections by default), with
 * {@code SHELFWISE_KEY}, {@code SHOPPERS} and {@code ITEMS} in the environment as for
 * {@code benchmarks/wrk/surface.lua}, whose requests it makes (random known shoppers, items skewed to the popular
 * low numbers). Prints one line: {@code RESULT surface@rate achieved_per_s p50_ms p99_ms p999_ms max_ms non2xx
 * timeouts}; requests still unsent 10 s after the run's end (a server far below the rate) are not sent and count as
 * timeouts, not as achieved.
 *
 * <p>With {@code KEYS_FILE} (one API key per line) each request goes to a tenant drawn by a Zipf law over the
 * file's order ({@code ZIPF}, exponent 1 by default: the first tenant is asked most), and with
 * {@code SHOPPER_STEP} N only shoppers {@code u-0}, {@code u-N}, {@code u-2N}, ... are asked for (the density run
 * gives its tenants those shoppers' events).
 */
public final class OpenLoopLoad {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private OpenLoopLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: OpenLoopLoad BASE_URL SURFACE RATE SECONDS [CONNECTIONS]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/$", "");
        String surface = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        String key = System.getenv().getOrDefault("SHELFWISE_KEY", "");
        String keysFile = System.getenv("KEYS_FILE");
        List<String> keys = keysFile == null ? List.of(key) : java.nio.file.Files.readAllLines(
                java.nio.file.Path.of(keysFile)).stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
        ZipfSampler zipf = new ZipfSampler(keys.size(),
                Double.parseDouble(System.getenv().getOrDefault("ZIPF", "1")));
        int step = Integer.parseInt(System.getenv().getOrDefault("SHOPPER_STEP", "1"));
        int shoppers = Integer.parseInt(System.getenv().getOrDefault("SHOPPERS", "40000"));
        int items = Integer.parseInt(System.getenv().getOrDefault("ITEMS", "20000"));
        int warmup = Integer.parseInt(System.getenv().getOrDefault("WARMUP", "3"));
        // TIMELINE=1: also print each second's worst latency (by due time), to line stalls up with server logs.
        boolean timeline = "1".equals(System.getenv("TIMELINE"));
        java.util.concurrent.atomic.AtomicLongArray worst = new java.util.concurrent.atomic.AtomicLongArray(
                warmup + seconds + 1);

        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(connections);
        OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(connections, 1, TimeUnit.MINUTES)).callTimeout(TIMEOUT)
                .retryOnConnectionFailure(false).build();
        Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong non2xx = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        AtomicLong unsent = new AtomicLong();
        long interval = TimeUnit.SECONDS.toNanos(1) * connections / rate;
        long perConnection = (long) rate * (warmup + seconds) / connections;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long counted = start + TimeUnit.SECONDS.toNanos(warmup);
        // Requests still unsent this long after the last was due are not sent (each would time out anyway).
        long giveUp = counted + TimeUnit.SECONDS.toNanos(seconds) + TIMEOUT.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long offset = TimeUnit.SECONDS.toNanos(1) * c / rate;
            threads.add(Thread.ofPlatform().name("load-" + c).start(() -> {
                for (long i = 0; i < perConnection; i++) {
                    long due = start + offset + i * interval;
                    if (System.nanoTime() > giveUp) {
                        // An overloaded server: what was due and not sent by now counts as timed out.
                        for (long rest = i; rest < perConnection; rest++) {
                            if (start + offset + rest * interval >= counted) {
                                unsent.incrementAndGet();
                            }
                        }
                        break;
                    }
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String tenantKey = keys.get(zipf.sample(ThreadLocalRandom.current()));
                    Request request = new Request.Builder().url(base + path(surface, shoppers, items, step))
                            .header("Authorization", "Bearer " + tenantKey).build();
                    int status;
                    try (Response response = client.newCall(request).execute()) {
                        response.body().bytes();
                        status = response.code();
                    } catch (InterruptedIOException e) {
                        status = -1;
                    } catch (IOException e) {
                        status = 0;
                    }
                    if (due < counted) {
                        continue;
                    }
                    if (status == -1) {
                        timeouts.incrementAndGet();
                        continue;
                    }
                    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - due);
                    latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
                    worst.accumulateAndGet((int) ((due - start) / 1_000_000_000L), micros, Math::max);
                    if (status / 100 != 2) {
                        non2xx.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - counted) / 1e9;
        System.out.println(String.format(Locale.ROOT, "RESULT %s@%d %.0f %.2f %.2f %.2f %.2f %d %d", surface, rate,
                (latencies.getTotalCount() + timeouts.get()) / elapsed, ms(latencies.getValueAtPercentile(50)),
                ms(latencies.getValueAtPercentile(99)), ms(latencies.getValueAtPercentile(99.9)),
                ms(latencies.getMaxValue()), non2xx.get(), timeouts.get() + unsent.get()));
        if (timeline) {
            long wall = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (int sec = warmup; sec < warmup + seconds; sec++) {
                System.out.println(String.format(Locale.ROOT, "second %s worst %.1f ms",
                        java.time.Instant.ofEpochMilli(wall + sec * 1000L), worst.get(sec) / 1000.0));
            }
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static String path(String surface, int shoppers, int items, int step) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int shopper = step * random.nextInt(Math.max(1, shoppers / step));
        return switch (surface) {
            case "popular" -> "/v1/recommendations/popular?limit=10";
            case "home" -> "/v1/recommendations/home?limit=10&userId=u-" + shopper;
            case "similar" -> "/v1/recommendations/similar?limit=10&itemId=" + item(random, items);
            case "cart" -> "/v1/recommendations/cart?limit=10&itemIds=" + item(random, items) + ","
                    + item(random, items) + "&userId=u-" + shopper;
            case "ceiling" -> "/ceiling";
            default -> throw new IllegalArgumentException("unknown surface " + surface);
        };
    }

    private static String item(ThreadLocalRandom random, int items) {
        return "sku-" + (int) Math.floor(Math.pow(random.nextDouble(), 3) * items);
    }
}
