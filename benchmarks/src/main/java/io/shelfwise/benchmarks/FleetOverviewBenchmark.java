package io.shelfwise.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the console's fleet overview ({@code GET /console/api/fleet}) grows with the fleet: an embedded platform
 * (H2) gets 10, then 500, then 5,000 tenants (tiers in turn; the first 100 with an API key and some traffic, so
 * their rows carry figures), and at each size the overview is read 30 times after 5 warm-up reads. Reported: the
 * server's own time for the overview (its {@code serverMillis}: tenants, usage counters and onboardings read, rows
 * assembled) and the client's round trip including JSON.
 *
 * <pre>./shelfwise bench fleet [--sizes 10,500,5000]</pre>
 */
public final class FleetOverviewBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "op_bench";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final List<String> TIERS = List.of("standard", "premium", "enterprise");

    private FleetOverviewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LogConfig.configureRuntime();
        int[] sizes = {10, 500, 5000};
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--sizes")) {
                sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
            }
        }
        Path dir = ScratchDirectory.create("shelfwise-fleet-bench");
        Settings defaults = Settings.from(Config.empty(), System.getenv());
        Platform platform = Platform.start(new Settings("127.0.0.1", 0, dir, Optional.of(ADMIN),
                SqlDatabase.h2File(dir), defaults.authCacheTtl(), defaults.popularityCacheTtl(),
                defaults.modelRefresh(), defaults.catalogRefresh(), defaults.shopperCacheTtl(),
                defaults.shopperActivityCapacity(), defaults.maxBodyBytes(), defaults.tierPolicies(),
                defaults.naming(), defaults.meteringFlushInterval(), Settings.Cloud.EMBEDDED, Optional.empty(),
                defaults.training().withInterval(Duration.ZERO),
                defaults.server().withManagementPort(0).withConcurrency(0, 0, Duration.ZERO), defaults.crm(),
                defaults.console()));
        String url = "http://127.0.0.1:" + platform.port();
        try {
            String cookie = login(url);
            int registered = 0;
            System.out.println("tenants | overview server time p50 / p95 / max (ms) | round trip p50 (ms) | body");
            for (int size : sizes) {
                long started = System.nanoTime();
                for (; registered < size; registered++) {
                    String id = "shop-%05d".formatted(registered);
                    call(url, "POST", "/admin/v1/tenants", "{\"id\":\"" + id + "\",\"displayName\":\"Shop "
                            + registered + "\",\"tier\":\"" + TIERS.get(registered % 3) + "\"}");
                    if (registered < 100) {
                        String key = call(url, "POST", "/admin/v1/tenants/" + id + "/keys", "{}").get("secret")
                                .asText();
                        traffic(url, key, registered);
                    }
                }
                System.err.printf("registered %,d tenants in %.1f s%n", size, (System.nanoTime() - started) / 1e9);
                List<Double> server = new ArrayList<>();
                List<Double> roundTrip = new ArrayList<>();
                int bytes = 0;
                for (int i = 0; i < 35; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/console/api/fleet"))
                            .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
                    double millis = (System.nanoTime() - t0) / 1e6;
                    JsonNode fleet = JSON.readTree(r.body());
                    if (fleet.get("tenantCount").asInt() != size) {
                        throw new IllegalStateException("overview lists " + fleet.get("tenantCount") + " tenants");
                    }
                    if (i >= 5) {
                        server.add(fleet.get("serverMillis").asDouble());
                        roundTrip.add(millis);
                    }
                    bytes = r.body().length();
                    Thread.sleep(20);
                }
                server.sort(null);
                roundTrip.sort(null);
                System.out.printf("%,7d | %.1f / %.1f / %.1f | %.1f | %,d bytes%n", size, pct(server, 50),
                        pct(server, 95), server.getLast(), pct(roundTrip, 50), bytes);
            }
        } finally {
            platform.close();
        }
    }

    private static void traffic(String url, String key, int n) throws Exception {
        String at = Instant.now().toString();
        HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/events")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"events\":[{\"eventId\":\"e" + n + "\",\"type\":\"view\",\"userId\":\"u" + n
                                + "\",\"itemIds\":[\"i1\"],\"timestamp\":\"" + at + "\"}]}")).build(),
                HttpResponse.BodyHandlers.discarding());
        for (int i = 0; i < 10; i++) {
            HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/recommendations/home?userId=u" + n + "&limit=5"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private static String login(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/console/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + ADMIN + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().firstValue("set-cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }

    private static JsonNode call(String url, String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
