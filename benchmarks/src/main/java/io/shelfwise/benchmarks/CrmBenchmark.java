package io.shelfwise.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.shelfwise.adapters.sql.DatabaseSettings;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.app.Platform;
import io.shelfwise.app.Settings;
import io.shelfwise.datasets.ExportStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Segments and campaigns on a realistic store, through the HTTP API of an embedded platform: a generated store
 * (default 1M events, 160k generated shoppers of whom about 100k shop, 20k items) is onboarded (import, first model); five segments are defined and
 * evaluated in full; new events arrive and the time membership updates take per event is read from the platform's
 * metrics; then a campaign with each shopper's own three products goes to every shopper through the webhook
 * channel to a receiver on the loopback address, and its rate is measured until the last delivery is final.
 *
 * <pre>./shelfwise bench crm [--events 1000000] [--users 160000] [--items 20000] [--new-events 100000]
 *                        [--db-url jdbc:postgresql://... --db-user U --db-password P]</pre>
 */
public final class CrmBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "op_bench";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private CrmBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LogConfig.configureRuntime();
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        long events = Long.parseLong(opts.getOrDefault("events", "1000000"));
        // 160k generated shoppers: about 100k of them shop in the 60 days (the others join late or not at all).
        int users = Integer.parseInt(opts.getOrDefault("users", "160000"));
        int items = Integer.parseInt(opts.getOrDefault("items", "20000"));
        int newEvents = Integer.parseInt(opts.getOrDefault("new-events", "100000"));

        Path dir = ScratchDirectory.create("shelfwise-crm-bench");
        Path store = dir.resolve("store");
        ExportStore.main(new String[]{"--dir", store.toString(), "--events", "" + events, "--users", "" + users,
                "--items", "" + items});
        // The platform's settings from the environment (SHELFWISE_DELIVERY_WORKERS, ...), as ./shelfwise run reads them.
        Settings defaults = Settings.from(Config.empty(), System.getenv());
        // --db-url runs the platform on PostgreSQL (as production does) instead of an H2 file.
        DatabaseSettings database = opts.containsKey("db-url")
                ? new DatabaseSettings(opts.get("db-url"), opts.getOrDefault("db-user", "postgres"),
                opts.getOrDefault("db-password", ""), 16)
                : SqlDatabase.h2File(dir);
        Platform platform = Platform.start(new Settings("127.0.0.1", 0, dir, Optional.of(ADMIN),
                database, defaults.authCacheTtl(), defaults.popularityCacheTtl(),
                defaults.modelRefresh(), defaults.catalogRefresh(), defaults.shopperCacheTtl(), defaults.shopperActivityCapacity(),
                defaults.maxBodyBytes(), defaults.tierPolicies(), defaults.naming(), defaults.meteringFlushInterval(),
                Settings.Cloud.EMBEDDED, Optional.empty(), defaults.training().withInterval(Duration.ZERO),
                defaults.server().withManagementPort(0).withConcurrency(0, 0, Duration.ZERO), defaults.crm(),
                defaults.console()));
        String url = "http://127.0.0.1:" + platform.port();
        String metrics = "http://127.0.0.1:" + platform.managementPort() + "/observe/metrics";
        try (Receiver receiver = new Receiver()) {
            long started = System.nanoTime();
            JsonNode onboarding = call(url, "POST", "/admin/v1/onboardings", ADMIN, "{\"tenantId\":\"crm-bench\","
                    + "\"displayName\":\"CRM bench\",\"tier\":\"enterprise\",\"dataLocation\":\"" + store + "\"}");
            String runId = onboarding.get("id").asText();
            String state;
            do {
                Thread.sleep(1000);
                state = call(url, "GET", "/admin/v1/onboardings/" + runId, ADMIN, null).get("state").asText();
            } while (state.equals("running"));
            System.out.printf("onboarded %,d events (import, first model, smoke test): %s in %.0f s%n", events, state,
                    seconds(started));
            String key = call(url, "POST", "/admin/v1/tenants/crm-bench/keys", ADMIN, "{}").get("secret").asText();

            // ---- segments: the first definition reads the whole history; then a full recompute of five
            String brand = topBrand(store);
            long firstSegment = System.nanoTime();
            String everyone = segment(url, key, "everyone", "{\"kind\":\"new_shoppers\",\"days\":730}");
            System.out.printf("first segment (reads the history, builds the tenant's index): %.1f s%n",
                    seconds(firstSegment));
            segment(url, key, "brand fans", "{\"kind\":\"interest\",\"brand\":\"" + brand + "\",\"minCount\":3,"
                    + "\"days\":30}");
            segment(url, key, "cart abandoners", "{\"kind\":\"cart_abandoners\",\"hours\":24,\"days\":7}");
            segment(url, key, "high value", "{\"kind\":\"high_value\",\"percentile\":90,\"days\":365}");
            segment(url, key, "new, not high value", "{\"kind\":\"all\",\"of\":[{\"kind\":\"new_shoppers\","
                    + "\"days\":14},{\"kind\":\"not\",\"rule\":{\"kind\":\"high_value\",\"percentile\":90}}]}");
            JsonNode recompute = call(url, "POST", "/v1/segments/recompute", key, null);
            System.out.printf("full evaluation of 5 segments over %,d shoppers / %,d events: %,d ms (reading the "
                            + "history from SQL and evaluating), of which evaluating %,d ms; sizes %s%n",
                    recompute.get("shoppers").asInt(), recompute.get("events").asLong(),
                    recompute.get("tookMs").asLong(), recompute.get("evaluationMs").asLong(),
                    recompute.get("sizes"));
            long churnStart = System.nanoTime();
            JsonNode churn = call(url, "POST", "/v1/segments/churn-model", key, "{\"horizonDays\":14}");
            System.out.printf("churn model (DJL, %,d training shoppers): held-out AUC %.4f, recency rule %.4f, "
                    + "in %.1f s%n", churn.get("trainExamples").asInt(), churn.get("auc").asDouble(),
                    churn.get("recencyAuc").asDouble(), seconds(churnStart));

            // ---- incremental: new events within the hour after the newest, as a live store sends them
            Instant base = Instant.parse(recompute.get("asOf").asText()).minus(Duration.ofMinutes(59));
            double[] before = updateMetrics(metrics);
            long sendStart = System.nanoTime();
            for (int from = 0; from < newEvents; from += 500) {
                int start = from;
                String batch = IntStream.range(start, Math.min(newEvents, start + 500)).mapToObj(i ->
                        "{\"eventId\":\"new-" + i + "\",\"type\":\"" + (i % 10 == 0 ? "add_to_cart" : "view")
                                + "\",\"userId\":\"u-" + (i * 7919 % users) + "\",\"itemIds\":[\"i-" + (i * 104729
                                % items) + "\"],\"timestamp\":\"" + base.plusMillis(i % 3_000_000) + "\"}")
                        .collect(Collectors.joining(","));
                call(url, "POST", "/v1/events", key, "{\"events\":[" + batch + "]}");
            }
            double[] after;
            do {
                Thread.sleep(200);
                after = updateMetrics(metrics);
            } while (after[0] - before[0] < newEvents);
            System.out.printf("incremental membership: %,d new events applied to 6 segments in %.2f s of the "
                            + "segments thread = %.1f us per event (ingestion took %.1f s)%n",
                    (long) (after[0] - before[0]), after[1] - before[1], (after[1] - before[1]) * 1e6
                            / (after[0] - before[0]), seconds(sendStart));

            // ---- campaign to everyone, three personal products each, through the webhook channel
            call(url, "PUT", "/v1/channels/webhook", key, "{\"endpoint\":\"" + receiver.url() + "\",\"secret\":"
                    + "\"bench-secret-0123456789\"}");
            call(url, "PUT", "/v1/settings/campaigns", key, "{\"quietHours\":{\"start\":\"00:00\",\"end\":"
                    + "\"00:00\"},\"frequencyCap\":{\"messages\":0},\"holdoutPercent\":10}");
            String campaign = call(url, "POST", "/v1/campaigns", key, "{\"name\":\"bench\",\"segmentId\":\""
                    + everyone + "\",\"channel\":\"webhook\",\"template\":{\"subject\":\"For you\",\"body\":"
                    + "\"Hi {{shopper.userId}}! {{#products}}{{rank}}. {{title}} {{price}} {{currency}}\\n"
                    + "{{/products}}\"},\"products\":{\"count\":3}}").get("id").asText();
            long campaignStart = System.nanoTime();
            JsonNode plan = call(url, "POST", "/v1/campaigns/" + campaign + "/send", key, null);
            double planned = seconds(campaignStart);
            // The campaign's state is cheap to read; the report (attribution over the recipients' events) is read
            // once, after the send.
            while (!call(url, "GET", "/v1/campaigns/" + campaign, key, null).get("state").asText().equals("sent")) {
                Thread.sleep(200);
            }
            double total = seconds(campaignStart);
            JsonNode report = call(url, "GET", "/v1/campaigns/" + campaign + "/report", key, null);
            long delivered = report.get("delivered").asLong();
            System.out.printf("campaign: %,d recipients planned in %.1f s (%,d held out); %,d messages rendered "
                            + "with 3 personal products each and delivered to the webhook in %.1f s = %,.0f "
                            + "messages/s (receiver counted %,d)%n", plan.get("audience").asLong(), planned,
                    report.get("holdout").asLong(), delivered, total, delivered / total, receiver.count.get());
        } finally {
            platform.close();
        }
        System.exit(0);
    }

    private static String topBrand(Path store) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        Pattern brand = Pattern.compile("\"brand\":\"([^\"]+)\"");
        for (String line : java.nio.file.Files.readAllLines(store.resolve("catalog.jsonl"))) {
            Matcher m = brand.matcher(line);
            if (m.find()) {
                counts.merge(m.group(1), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static String segment(String url, String key, String name, String definition) throws Exception {
        return call(url, "POST", "/v1/segments", key, "{\"name\":\"" + name + "\",\"definition\":" + definition + "}")
                .get("id").asText();
    }

    /** [events applied, seconds spent] by the segments thread, from the platform's metrics. */
    private static double[] updateMetrics(String metrics) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(metrics)).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new double[]{metric(text, "shelfwise_segments_updated_events"),
                metric(text, "shelfwise_segments_update_seconds")};
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("metric " + name + " not found");
        }
        return Double.parseDouble(m.group(2));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static JsonNode call(String url, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The tenant's webhook endpoint: counts what it accepts. */
    private static final class Receiver implements AutoCloseable {
        final AtomicLong count = new AtomicLong();
        private final HttpServer server;
        private final java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(8);

        Receiver() throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            server.setExecutor(threads);
            server.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                count.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
