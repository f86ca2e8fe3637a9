package io.shelfwise.app;

import io.helidon.config.Config;
import io.shelfwise.adapters.sql.DatabaseSettings;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.events.EventService;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.recommendation.training.TrainingOptions;
import io.shelfwise.recommendation.training.TrainingSettings;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import io.shelfwise.tenancy.TierPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every knob of the platform. Each has a default that runs embedded, a key in {@code application.yaml}, and an
 * environment variable that wins over both (see README, "Configuration").
 */
public record Settings(
        String host,
        int port,
        Path dataDir,
        Optional<String> adminToken,
        DatabaseSettings database,
        Duration authCacheTtl,
        Duration popularityCacheTtl,
        Duration modelRefresh,
        Duration catalogRefresh,
        Duration shopperCacheTtl,
        int shopperActivityCapacity,
        long maxBodyBytes,
        TierPolicies tierPolicies,
        PlatformNaming naming,
        Duration meteringFlushInterval,
        Cloud cloud,
        Optional<TenantId> dedicatedTenant,
        Training training,
        Server server,
        Crm crm,
        Console console) {

    /**
     * The operator's web console ({@code /console}).
     *
     * @param readOnlyToken a second operator token that opens the console read-only (none by default)
     * @param sessionTtl    how long a console login lasts
     */
    public record Console(Optional<String> readOnlyToken, Duration sessionTtl) {
        public static Console defaults() {
            return new Console(Optional.empty(), Duration.ofHours(8));
        }
    }

    /**
     * Segments and campaigns.
     *
     * @param deliveryWorkers threads that render and deliver campaign messages (mostly waiting on channels)
     * @param dispatchBatch   deliveries the dispatcher claims at once
     * @param deliveryLease   how long a claimed delivery may stay with the channel before a stopped process is
     *                        assumed and it becomes unconfirmed (never sent again)
     * @param segmentRefresh  how often every loaded tenant's segments are evaluated in full (model and catalog
     *                        changes, size history)
     * @param webhookTimeout  how long a webhook channel waits for the tenant's endpoint
     * @param secretsKey      base64 of the 32-byte key that encrypts channel secrets at rest; when absent, the
     *                        embedded platform keeps one in {@code <data dir>/secrets.key} (a cluster must set it,
     *                        the same for every replica)
     */
    public record Crm(int deliveryWorkers, int dispatchBatch, Duration deliveryLease, Duration segmentRefresh,
                      Duration webhookTimeout, Optional<String> secretsKey) {
        public static Crm defaults() {
            return new Crm(8, 2000, Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofSeconds(10),
                    Optional.empty());
        }

        public Crm withDeliveryLease(Duration lease) {
            return new Crm(deliveryWorkers, dispatchBatch, lease, segmentRefresh, webhookTimeout, secretsKey);
        }
    }

    /**
     * The web server's own limits.
     *
     * @param managementPort        where metrics and detailed health are served (same host; 0 picks a free port);
     *                              the API port keeps only a bare health answer for probes
     * @param maxConcurrentRequests requests the API port works on at once; more wait in a fair queue
     * @param requestQueue          requests that may wait for one of those permits; more are answered 503 at once
     * @param queueTimeout          how long a request waits in that queue before it is answered 503
     * @param authFailureBurst      failed authentications one client address may make in a row
     * @param authFailuresPerSecond failed authentications one client address may make per second after the burst
     * @param metricsTenantLabels   tenants named in the metrics' {@code tenant} label at most (the busiest of the
     *                              last hour); the others are counted as {@code other}
     * @param modelCacheBytes       memory the served tenants' learned models may take together (estimated); the
     *                              least valuable are evicted and loaded again on their next request
     * @param catalogCacheBytes     the same for the served tenants' catalogs
     * @param mappedModelArrays     where served models keep their large arrays (factor panels, EASE weights,
     *                              co-occurrence rows) in memory-mapped files outside the heap; empty: on the heap
     */
    public record Server(int managementPort, int maxConcurrentRequests, int requestQueue, Duration queueTimeout,
                         int authFailureBurst, double authFailuresPerSecond, int metricsTenantLabels,
                         long modelCacheBytes, long catalogCacheBytes,
                         Optional<MappedArrays> mappedModelArrays) {
        public Server withManagementPort(int port) {
            return new Server(port, maxConcurrentRequests, requestQueue, queueTimeout, authFailureBurst,
                    authFailuresPerSecond, metricsTenantLabels, modelCacheBytes, catalogCacheBytes, mappedModelArrays);
        }

        public Server withConcurrency(int permits, int queue, Duration timeout) {
            return new Server(managementPort, permits, queue, timeout, authFailureBurst, authFailuresPerSecond,
                    metricsTenantLabels, modelCacheBytes, catalogCacheBytes, mappedModelArrays);
        }

        public Server withAuthFailures(int burst, double perSecond) {
            return new Server(managementPort, maxConcurrentRequests, requestQueue, queueTimeout, burst, perSecond,
                    metricsTenantLabels, modelCacheBytes, catalogCacheBytes, mappedModelArrays);
        }

        public Server withMetricsTenantLabels(int labels) {
            return new Server(managementPort, maxConcurrentRequests, requestQueue, queueTimeout, authFailureBurst,
                    authFailuresPerSecond, labels, modelCacheBytes, catalogCacheBytes, mappedModelArrays);
        }

        public Server withCaches(long modelBytes, long catalogBytes) {
            return new Server(managementPort, maxConcurrentRequests, requestQueue, queueTimeout, authFailureBurst,
                    authFailuresPerSecond, metricsTenantLabels, modelBytes, catalogBytes, mappedModelArrays);
        }

        public Server withMappedModelArrays(Optional<MappedArrays> directory) {
            return new Server(managementPort, maxConcurrentRequests, requestQueue, queueTimeout, authFailureBurst,
                    authFailuresPerSecond, metricsTenantLabels, modelCacheBytes, catalogCacheBytes, directory);
        }
    }

    /**
     * Model training.
     *
     * @param model       the trainer's and the evaluation gate's settings
     * @param interval    how often every active tenant is retrained; zero for only on request
     * @param djlCacheDir where DJL extracts PyTorch's natives (~430 MB, once)
     * @param activeCheck how often serving re-reads which version is active (a promotion made by another replica)
     */
    public record Training(TrainingSettings model, Duration interval, Path djlCacheDir, Duration activeCheck) {
        public Training withInterval(Duration newInterval) {
            return new Training(model, newInterval, djlCacheDir, activeCheck);
        }

        public Training withDjlCacheDir(Path newDir) {
            return new Training(model, interval, newDir, activeCheck);
        }

        public Training withActiveCheck(Duration newActiveCheck) {
            return new Training(model, interval, djlCacheDir, newActiveCheck);
        }
    }

    /** Which edge adapters serve identity, data stores, recommendation log and artifacts. */
    public enum Cloud {
        /** Local directories and the SQL database: one process, no cloud account. */
        EMBEDDED,
        /** IAM/STS, DynamoDB and S3 in the configured account (endpoints overridable for local servers). */
        AWS
    }

    /** The AWS edge's knobs; read only when {@link Cloud#AWS} is chosen. */
    public record Aws(String poolRoleArn, Duration recommendationLogRetention, Optional<String> iamEndpoint,
                      Optional<String> stsEndpoint, Optional<String> dynamoDbEndpoint, Optional<String> s3Endpoint) {
    }

    /** Reads settings from config, with environment variables taking precedence. */
    public static Settings from(Config config, Map<String, String> env) {
        Source s = new Source(config, env);
        Path dataDir = Path.of(s.get("SHELFWISE_DATA_DIR", "shelfwise.data-dir", "./data"));
        Optional<String> dbUrl = s.optional("SHELFWISE_DB_URL", "shelfwise.db.url");
        DatabaseSettings database = dbUrl
                .map(url -> new DatabaseSettings(url,
                        s.get("SHELFWISE_DB_USER", "shelfwise.db.user", ""),
                        s.get("SHELFWISE_DB_PASSWORD", "shelfwise.db.password", ""),
                        Integer.parseInt(s.get("SHELFWISE_DB_POOL_SIZE", "shelfwise.db.pool-size", "16"))))
                .orElseGet(() -> SqlDatabase.h2File(dataDir));
        Optional<MappedArrays> mappedArrays = modelArrays(s, dataDir);
        return new Settings(
                s.get("SHELFWISE_HOST", "server.host", "127.0.0.1"),
                Integer.parseInt(s.get("SHELFWISE_PORT", "server.port", "8080")),
                dataDir,
                s.optional("SHELFWISE_ADMIN_TOKEN", "shelfwise.admin-token"),
                database,
                Duration.ofMillis(Long.parseLong(s.get("SHELFWISE_AUTH_CACHE_MS", "shelfwise.auth-cache-ms", "2000"))),
                Duration.ofMillis(Long.parseLong(
                        s.get("SHELFWISE_POPULARITY_CACHE_MS", "shelfwise.popularity-cache-ms", "5000"))),
                Duration.ofMillis(Long.parseLong(
                        s.get("SHELFWISE_MODEL_REFRESH_MS", "shelfwise.model-refresh-ms", "600000"))),
                Duration.ofMillis(Long.parseLong(
                        s.get("SHELFWISE_CATALOG_REFRESH_MS", "shelfwise.catalog-refresh-ms", "2000"))),
                Duration.ofMillis(Long.parseLong(
                        s.get("SHELFWISE_SHOPPER_CACHE_MS", "shelfwise.shopper-cache-ms", "1000"))),
                Integer.parseInt(s.get("SHELFWISE_SHOPPER_CACHE_SHOPPERS", "shelfwise.shopper-cache-shoppers",
                        String.valueOf(EventService.DEFAULT_ACTIVITY_CAPACITY))),
                Long.parseLong(s.get("SHELFWISE_MAX_BODY_BYTES", "shelfwise.max-body-bytes", "1048576")),
                tierPolicies(s),
                new PlatformNaming(
                        s.get("SHELFWISE_RESOURCE_PREFIX", "shelfwise.aws.resource-prefix", "shelfwise"),
                        s.get("SHELFWISE_ARTIFACT_BUCKET", "shelfwise.aws.artifact-bucket", "shelfwise-artifacts"),
                        s.get("SHELFWISE_AWS_REGION", "shelfwise.aws.region", "eu-west-1"),
                        s.get("SHELFWISE_AWS_ACCOUNT", "shelfwise.aws.account", "000000000000"),
                        s.get("SHELFWISE_OIDC_PROVIDER", "shelfwise.aws.oidc-provider", "oidc.local")),
                Duration.ofMillis(Long.parseLong(
                        s.get("SHELFWISE_METERING_FLUSH_MS", "shelfwise.metering-flush-ms", "5000"))),
                Cloud.valueOf(s.get("SHELFWISE_CLOUD", "shelfwise.cloud", "embedded").toUpperCase(Locale.ROOT)),
                s.optional("SHELFWISE_TENANT", "shelfwise.tenant").map(TenantId::new),
                training(s, dataDir),
                new Server(
                        Integer.parseInt(s.get("SHELFWISE_MANAGEMENT_PORT", "server.management-port", "9090")),
                        Integer.parseInt(s.get("SHELFWISE_MAX_CONCURRENT_REQUESTS", "server.max-concurrent-requests",
                                "8")),
                        Integer.parseInt(s.get("SHELFWISE_REQUEST_QUEUE", "server.request-queue", "256")),
                        Duration.ofMillis(Long.parseLong(s.get("SHELFWISE_REQUEST_QUEUE_TIMEOUT_MS",
                                "server.request-queue-timeout-ms", "100"))),
                        Integer.parseInt(s.get("SHELFWISE_AUTH_FAILURE_BURST", "shelfwise.auth-failure-burst", "20")),
                        Double.parseDouble(s.get("SHELFWISE_AUTH_FAILURES_PER_SECOND",
                                "shelfwise.auth-failures-per-second", "2")),
                        Integer.parseInt(s.get("SHELFWISE_METRICS_TENANT_LABELS", "shelfwise.metrics-tenant-labels",
                                "100")),
                        // Defaults: 35 % of the heap for models, 15 % for catalogs; 30 % for catalogs where the
                        // models' arrays are mapped outside the heap (a pooled process: many tenants' catalogs).
                        megabytes(s.get("SHELFWISE_MODEL_CACHE_MB", "shelfwise.memory.model-cache-mb", ""),
                                Runtime.getRuntime().maxMemory() * 35 / 100),
                        megabytes(s.get("SHELFWISE_CATALOG_CACHE_MB", "shelfwise.memory.catalog-cache-mb", ""),
                                Runtime.getRuntime().maxMemory() * (mappedArrays.isPresent() ? 30 : 15) / 100),
                        mappedArrays),
                new Crm(
                        Integer.parseInt(s.get("SHELFWISE_DELIVERY_WORKERS", "shelfwise.crm.delivery-workers", "8")),
                        Integer.parseInt(s.get("SHELFWISE_DISPATCH_BATCH", "shelfwise.crm.dispatch-batch", "2000")),
                        Duration.ofMillis(Long.parseLong(s.get("SHELFWISE_DELIVERY_LEASE_MS",
                                "shelfwise.crm.delivery-lease-ms", "120000"))),
                        Duration.ofMillis(Long.parseLong(s.get("SHELFWISE_SEGMENT_REFRESH_MS",
                                "shelfwise.crm.segment-refresh-ms", "600000"))),
                        Duration.ofMillis(Long.parseLong(s.get("SHELFWISE_WEBHOOK_TIMEOUT_MS",
                                "shelfwise.crm.webhook-timeout-ms", "10000"))),
                        s.optional("SHELFWISE_SECRETS_KEY", "shelfwise.secrets-key")),
                new Console(s.optional("SHELFWISE_CONSOLE_READONLY_TOKEN", "shelfwise.console.readonly-token"),
                        Duration.ofMinutes(Long.parseLong(s.get("SHELFWISE_CONSOLE_SESSION_MINUTES",
                                "shelfwise.console.session-minutes", "480")))));
    }

    /**
     * Memory-mapped files for served models' arrays.
     *
     * @param directory     where the files are made (and their names removed at once)
     * @param smallestBytes arrays smaller than this stay on the heap (a mapping takes whole pages)
     */
    public record MappedArrays(Path directory, int smallestBytes) {
    }

    /** Where served models keep their large arrays: {@code heap} (default) or {@code mapped} files in a directory. */
    private static Optional<MappedArrays> modelArrays(Source s, Path dataDir) {
        String where = s.get("SHELFWISE_MODEL_MEMORY", "shelfwise.memory.model-arrays", "heap")
                .toLowerCase(Locale.ROOT);
        return switch (where) {
            case "heap" -> Optional.empty();
            case "mapped" -> {
                long minKb = Long.parseLong(s.get("SHELFWISE_MODEL_MEMORY_MIN_KB",
                        "shelfwise.memory.model-arrays-min-kb", "16"));
                if (minKb < 1 || minKb > 1024 * 1024) {
                    throw new IllegalArgumentException(
                            "SHELFWISE_MODEL_MEMORY_MIN_KB must be between 1 and 1048576, not " + minKb);
                }
                yield Optional.of(new MappedArrays(Path.of(s.get("SHELFWISE_MODEL_MEMORY_DIR",
                        "shelfwise.memory.model-arrays-dir", dataDir.resolve("model-arrays").toString())),
                        (int) minKb * 1024));
            }
            default -> throw new IllegalArgumentException(
                    "SHELFWISE_MODEL_MEMORY must be heap or mapped, not " + where);
        };
    }

    private static Training training(Source s, Path dataDir) {
        TrainingSettings d = TrainingSettings.defaults();
        TrainingOptions o = d.options();
        TrainingOptions options = new TrainingOptions(
                Integer.parseInt(s.get("SHELFWISE_TRAINING_FACTORS", "shelfwise.training.factors", "" + o.factors())),
                Integer.parseInt(s.get("SHELFWISE_TRAINING_EPOCHS", "shelfwise.training.epochs", "" + o.epochs())),
                o.learningRate(),
                Float.parseFloat(s.get("SHELFWISE_TRAINING_REGULARIZATION", "shelfwise.training.regularization",
                        "" + o.regularization())),
                o.seed());
        TrainingSettings model = new TrainingSettings(
                Duration.ofDays(Long.parseLong(s.get("SHELFWISE_TRAINING_WINDOW_DAYS", "shelfwise.training.window-days",
                        "" + d.window().toDays()))),
                Integer.parseInt(s.get("SHELFWISE_TRAINING_MAX_EVENTS", "shelfwise.training.max-events",
                        "" + d.maxEvents())),
                Integer.parseInt(s.get("SHELFWISE_TRAINING_TEST_DAYS", "shelfwise.training.test-days",
                        "" + d.testDays())),
                options, d.confidenceScale(),
                Double.parseDouble(s.get("SHELFWISE_TRAINING_MARGIN", "shelfwise.training.margin", "" + d.margin())),
                d.k(), new TrainingSettings.Ease(Integer.parseInt(s.get("SHELFWISE_TRAINING_EASE_ITEMS",
                        "shelfwise.training.ease-items", "" + d.ease().items())), d.ease().lambda(),
                        Integer.parseInt(s.get("SHELFWISE_TRAINING_EASE_KEEP", "shelfwise.training.ease-keep",
                                "" + d.ease().keep()))),
                Duration.ofSeconds(Long.parseLong(s.get("SHELFWISE_TRAINING_TUNING_SECONDS",
                        "shelfwise.training.tuning-seconds", "" + d.tuningBudget().toSeconds()))));
        return new Training(model,
                Duration.ofHours(Long.parseLong(s.get("SHELFWISE_TRAINING_INTERVAL_HOURS",
                        "shelfwise.training.interval-hours", "24"))),
                Path.of(s.optional("SHELFWISE_DJL_CACHE_DIR", "shelfwise.training.djl-cache-dir")
                        .or(() -> Optional.ofNullable(s.env().get("DJL_CACHE_DIR")).filter(v -> !v.isBlank()))
                        .orElse(dataDir.resolve("djl-cache").toString())),
                Duration.ofMillis(Long.parseLong(s.get("SHELFWISE_MODEL_ACTIVE_CHECK_MS",
                        "shelfwise.training.active-check-ms", "10000"))));
    }

    /** Reads the AWS edge's settings (pool role, retention, endpoint overrides for local protocol servers). */
    public static Aws aws(Config config, Map<String, String> env) {
        Source s = new Source(config, env);
        return new Aws(
                s.optional("SHELFWISE_POOL_ROLE_ARN", "shelfwise.aws.pool-role-arn").orElseThrow(() ->
                        new IllegalStateException("SHELFWISE_POOL_ROLE_ARN is required with SHELFWISE_CLOUD=aws")),
                Duration.ofDays(Long.parseLong(s.get("SHELFWISE_REC_LOG_RETENTION_DAYS",
                        "shelfwise.aws.rec-log-retention-days", "30"))),
                s.optional("SHELFWISE_IAM_ENDPOINT", "shelfwise.aws.iam-endpoint"),
                s.optional("SHELFWISE_STS_ENDPOINT", "shelfwise.aws.sts-endpoint"),
                s.optional("SHELFWISE_DYNAMODB_ENDPOINT", "shelfwise.aws.dynamodb-endpoint"),
                s.optional("SHELFWISE_S3_ENDPOINT", "shelfwise.aws.s3-endpoint"));
    }

    /** The default tier catalogue with the limits that config or environment override. */
    private static TierPolicies tierPolicies(Source s) {
        TierPolicies policies = TierPolicies.defaults();
        for (Tier tier : Tier.values()) {
            TierPolicy p = policies.of(tier);
            String env = "SHELFWISE_TIER_" + tier.name() + "_";
            String key = "shelfwise.tiers." + tier.wireName() + ".";
            policies = policies.with(p.withLimits(
                    Integer.parseInt(s.get(env + "RPS", key + "requests-per-second", "" + p.requestsPerSecond())),
                    Integer.parseInt(s.get(env + "BURST", key + "burst", "" + p.burst())),
                    Long.parseLong(s.get(env + "EVENTS_PER_MONTH", key + "events-per-month", "" + p.eventsPerMonth())),
                    Integer.parseInt(s.get(env + "MAX_CATALOG_ITEMS", key + "max-catalog-items",
                            "" + p.maxCatalogItems()))));
        }
        return policies;
    }

    @Override
    public String toString() {
        return "Settings[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", adminToken="
                + adminToken.map(t -> "***").orElse("<file>") + ", database=" + database + "]";
    }

    private record Source(Config config, Map<String, String> env) {
        Optional<String> optional(String envName, String key) {
            String fromEnv = env.get(envName);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Optional.of(fromEnv);
            }
            return config.get(key).asString().asOptional().filter(v -> !v.isBlank());
        }

        String get(String envName, String key, String fallback) {
            return optional(envName, key).orElse(fallback);
        }
    }

    private static long megabytes(String configured, long otherwise) {
        return configured.isBlank() ? otherwise : Long.parseLong(configured.strip()) << 20;
    }
}
