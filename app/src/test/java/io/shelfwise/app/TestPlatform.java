package io.shelfwise.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.tenancy.TierPolicies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A real platform on a free loopback port with its own data directory, and a plain HTTP client for it. */
final class TestPlatform implements AutoCloseable {
    static final String OPERATOR = "op_test_token";
    /** Opens the console read-only. */
    static final String VIEWER = "viewer-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Platform platform;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final boolean ownsDataDir;

    private TestPlatform(Platform platform, Path dataDir, boolean ownsDataDir) {
        this.platform = platform;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    static TestPlatform start() {
        return start(p -> p);
    }

    /** Starts with the default settings, changed tier limits, and no caches that would hide a change. */
    static TestPlatform start(UnaryOperator<TierPolicies> tiers) {
        return start(tiers, Optional.empty());
    }

    /** Starts as a siloed tenant's own deployment that serves only {@code dedicatedTenant}. */
    static TestPlatform dedicatedTo(String tenant) {
        return start(p -> p, Optional.of(new io.shelfwise.tenancy.TenantId(tenant)));
    }

    /** Starts with the given cloud edge, its settings read from {@code env} as Main passes the process's. */
    static TestPlatform withCloud(Settings.Cloud cloud, Map<String, String> env) {
        return start(p -> p, Optional.empty(), cloud, env);
    }

    /** Starts with the web server's limits changed (management port 0 whatever {@code server} says). */
    static TestPlatform withServer(UnaryOperator<Settings.Server> server) {
        return start(p -> p, Optional.empty(), Settings.Cloud.EMBEDDED, Map.of(), server);
    }

    private static TestPlatform start(UnaryOperator<TierPolicies> tiers,
                                      Optional<io.shelfwise.tenancy.TenantId> dedicatedTenant) {
        return start(tiers, dedicatedTenant, Settings.Cloud.EMBEDDED, Map.of());
    }

    private static TestPlatform start(UnaryOperator<TierPolicies> tiers,
                                      Optional<io.shelfwise.tenancy.TenantId> dedicatedTenant, Settings.Cloud cloud,
                                      Map<String, String> env) {
        return start(tiers, dedicatedTenant, cloud, env, s -> s);
    }

    private static TestPlatform start(UnaryOperator<TierPolicies> tiers,
                                      Optional<io.shelfwise.tenancy.TenantId> dedicatedTenant, Settings.Cloud cloud,
                                      Map<String, String> env, UnaryOperator<Settings.Server> server) {
        try {
            Path dir = Files.createTempDirectory("shelfwise-app-test");
            Settings defaults = Settings.from(Config.empty(), Map.of());
            Settings settings = new Settings("127.0.0.1", 0, dir, Optional.of(OPERATOR), SqlDatabase.h2File(dir),
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, defaults.catalogRefresh(), defaults.shopperCacheTtl(), defaults.shopperActivityCapacity(),
                    defaults.maxBodyBytes(), tiers.apply(defaults.tierPolicies()),
                    defaults.naming(), defaults.meteringFlushInterval(), cloud, dedicatedTenant,
                    // Natives from the build's shared cache (surefire sets DJL_CACHE_DIR); training only on request;
                    // the other training knobs as the test's environment sets them.
                    Settings.from(Config.empty(), env).training().withInterval(Duration.ZERO).withDjlCacheDir(
                            Path.of(System.getProperty("DJL_CACHE_DIR", dir.resolve("djl-cache").toString()))),
                    server.apply(defaults.server()).withManagementPort(0), Settings.Crm.defaults(),
                    new Settings.Console(Optional.of(VIEWER), Duration.ofHours(1)));
            return new TestPlatform(Platform.start(settings, Config.empty(), env), dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A second replica over this one's database and artifact directory, as pooled replicas share one PostgreSQL
     * and one bucket: its own in-memory catalogs, shopper caches and served models, refreshed after
     * {@code catalogRefresh} (catalog and active model version) and {@code shopperCache}.
     */
    TestPlatform replica(Duration catalogRefresh, Duration shopperCache) {
        Settings defaults = Settings.from(Config.empty(), Map.of());
        Settings settings = new Settings("127.0.0.1", 0, dataDir, Optional.of(OPERATOR), SqlDatabase.h2File(dataDir),
                Duration.ZERO, Duration.ZERO, Duration.ZERO, catalogRefresh, shopperCache,
                defaults.shopperActivityCapacity(), defaults.maxBodyBytes(),
                defaults.tierPolicies(), defaults.naming(), defaults.meteringFlushInterval(), Settings.Cloud.EMBEDDED,
                Optional.empty(), defaults.training().withInterval(Duration.ZERO).withActiveCheck(catalogRefresh)
                        .withDjlCacheDir(Path.of(System.getProperty("DJL_CACHE_DIR",
                                dataDir.resolve("djl-cache").toString()))),
                defaults.server().withManagementPort(0), Settings.Crm.defaults(),
                    new Settings.Console(Optional.of(VIEWER), Duration.ofHours(1)));
        return new TestPlatform(Platform.start(settings, Config.empty(), Map.of()), dataDir, false);
    }

    /**
     * Stops this platform as a restart would (its data kept) and starts a new one over the same database and
     * directory, which then owns them.
     */
    TestPlatform restarted() {
        platform.close();
        // H2 finishes closing a file database in the background; a new process would find it closed already.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                TestPlatform next = replica(Duration.ZERO, Duration.ZERO);
                return new TestPlatform(next.platform, dataDir, ownsDataDir);
            } catch (RuntimeException stillClosing) {
                if (System.nanoTime() > deadline) {
                    throw stillClosing;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    Path dataDir() {
        return dataDir;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + platform.port();
    }

    /** The management port's base URL: metrics and detailed health. */
    String managementUrl() {
        return "http://127.0.0.1:" + platform.managementPort();
    }

    /** Registers a tenant and returns the secret of a fresh API key for it. */
    String tenantWithKey(String id, String tier) {
        Reply created = send("POST", "/admin/v1/tenants", OPERATOR,
                "{\"id\":\"" + id + "\",\"displayName\":\"Store " + id + "\",\"tier\":\"" + tier + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("tenant creation failed: " + created);
        }
        return newKey(id);
    }

    String newKey(String tenant) {
        Reply key = send("POST", "/admin/v1/tenants/" + tenant + "/keys", OPERATOR, "{\"label\":\"test\"}");
        return key.json().get("secret").asText();
    }

    /** A GET on the management port. */
    Reply management(String path) {
        return send(HttpRequest.newBuilder(URI.create(managementUrl() + path)).timeout(Duration.ofSeconds(30)).GET());
    }

    Reply send(String method, String path, String token, String body) {
        return send(method, path, token, body, "application/json");
    }

    Reply send(String method, String path, String token, String body, String contentType) {
        return send(method, path, token, body, contentType, Duration.ofSeconds(30));
    }

    Reply send(String method, String path, String token, String body, String contentType, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null && contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        platform.close();
        if (ownsDataDir) {
            try (java.util.stream.Stream<Path> paths = Files.walk(dataDir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One HTTP answer. */
    record Reply(int status, Map<String, java.util.List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** The field paths named by a problem answer. */
        java.util.List<String> problemFields() {
            java.util.List<String> fields = new java.util.ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.get("field").asText()));
            return fields;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
