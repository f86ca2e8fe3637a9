package io.shelfwise.app;

import io.helidon.common.concurrency.limits.FixedLimit;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.jersey.webserver.JaxRsService;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.shelfwise.adapters.djl.DjlChurnModelTrainer;
import io.shelfwise.adapters.djl.DjlModelTrainer;
import io.shelfwise.adapters.djl.DjlRuntime;
import io.shelfwise.adapters.local.LocalDirectoryInitialData;
import io.shelfwise.adapters.local.LocalDirectoryUploads;
import io.shelfwise.adapters.memory.CaffeineTenantCaches;
import io.shelfwise.adapters.messaging.MustacheTemplateEngine;
import io.shelfwise.adapters.messaging.WebhookMessageChannel;
import io.shelfwise.adapters.sql.JdbiApiKeyRepository;
import io.shelfwise.adapters.sql.JdbiAttributionStore;
import io.shelfwise.adapters.sql.JdbiCampaignStore;
import io.shelfwise.adapters.sql.JdbiEventStore;
import io.shelfwise.adapters.sql.JdbiInteractionHistory;
import io.shelfwise.adapters.sql.JdbiItemStore;
import io.shelfwise.adapters.sql.JdbiOnboardingStore;
import io.shelfwise.adapters.sql.JdbiRolloutStore;
import io.shelfwise.adapters.sql.JdbiSegmentStore;
import io.shelfwise.adapters.sql.JdbiShopperHistory;
import io.shelfwise.adapters.sql.JdbiSignalSource;
import io.shelfwise.adapters.sql.JdbiTenantRecords;
import io.shelfwise.adapters.sql.JdbiTenantRepository;
import io.shelfwise.adapters.sql.JdbiUsageStore;
import io.shelfwise.adapters.sql.SecretBox;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.app.tracing.Tracing;
import io.shelfwise.app.web.AdminOffboardingsResource;
import io.shelfwise.app.web.AdminOnboardingsResource;
import io.shelfwise.app.web.AdminRolloutsResource;
import io.shelfwise.app.web.AdminTenantsResource;
import io.shelfwise.app.web.AdminUploadsResource;
import io.shelfwise.app.web.AdminUsageResource;
import io.shelfwise.app.web.AuthenticationFilter;
import io.shelfwise.app.web.CampaignSettingsResource;
import io.shelfwise.app.web.CampaignsResource;
import io.shelfwise.app.web.ChannelsResource;
import io.shelfwise.app.web.ClientGuard;
import io.shelfwise.app.web.ConsoleResource;
import io.shelfwise.app.web.ConsoleSessions;
import io.shelfwise.app.web.EventsResource;
import io.shelfwise.app.web.ItemsResource;
import io.shelfwise.app.web.JsonMapper;
import io.shelfwise.app.web.ModelsResource;
import io.shelfwise.app.web.OpenApiResource;
import io.shelfwise.app.web.ProblemMapper;
import io.shelfwise.app.web.RecommendationsResource;
import io.shelfwise.app.web.RequestMetricsFilter;
import io.shelfwise.app.web.SegmentsResource;
import io.shelfwise.app.web.ServerProblems;
import io.shelfwise.app.web.SettingsResource;
import io.shelfwise.app.web.TenantLabels;
import io.shelfwise.app.web.UsersResource;
import io.shelfwise.campaign.CampaignService;
import io.shelfwise.catalog.CatalogService;
import io.shelfwise.common.ConflictException;
import io.shelfwise.events.EventService;
import io.shelfwise.fleet.FleetService;
import io.shelfwise.fleet.TenantTelemetry;
import io.shelfwise.metering.MeteringService;
import io.shelfwise.onboarding.OffboardingService;
import io.shelfwise.onboarding.OnboardingService;
import io.shelfwise.onboarding.UploadService;
import io.shelfwise.provisioning.ProvisioningService;
import io.shelfwise.recommendation.ranking.PopularityModel;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.serving.AttributionService;
import io.shelfwise.recommendation.serving.PopularityService;
import io.shelfwise.recommendation.serving.RecommendationLogWriter;
import io.shelfwise.recommendation.serving.ServingModels;
import io.shelfwise.recommendation.serving.ShopperAffinities;
import io.shelfwise.recommendation.serving.SurfaceService;
import io.shelfwise.recommendation.serving.TenantRecommendationSettings;
import io.shelfwise.recommendation.training.TrainingRunLog;
import io.shelfwise.recommendation.training.TrainingService;
import io.shelfwise.rollout.RolloutService;
import io.shelfwise.segmentation.SegmentationService;
import io.shelfwise.tenancy.ApiKeySecrets;
import io.shelfwise.tenancy.RequestThrottle;
import io.shelfwise.tenancy.TenancyService;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.port.out.TenantCaches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The composition root: reads {@link Settings}, picks the adapters, wires the use cases and serves them.
 * The only class that knows concrete adapters.
 */
public final class Platform implements AutoCloseable {
    static final String MANAGEMENT_SOCKET = "management";
    private static final System.Logger LOG = System.getLogger(Platform.class.getName());
    /** A tenant's model nobody asked for in this long leaves memory (and is loaded again on its next request). */
    private static final Duration MODEL_IDLE = Duration.ofMinutes(30);

    private final SqlDatabase database;
    private final WebServer server;
    private final ExecutorService background;
    private final MeteringService metering;
    private final java.util.List<AutoCloseable> closeables;
    private final Path adminTokenFile;

    private Platform(SqlDatabase database, WebServer server, ExecutorService background, MeteringService metering,
                     java.util.List<AutoCloseable> closeables, Path adminTokenFile) {
        this.database = database;
        this.server = server;
        this.background = background;
        this.metering = metering;
        this.closeables = closeables;
        this.adminTokenFile = adminTokenFile;
    }

    /** Starts the platform; the returned instance is serving when this returns. */
    public static Platform start(Settings settings) {
        return start(settings, Config.empty(), java.util.Map.of());
    }

    /** Starts with the cloud edge's settings read from {@code config} and {@code env} when not embedded. */
    public static Platform start(Settings settings, Config config, java.util.Map<String, String> env) {
        // Microsecond ticks: what both databases store, so an answer never shows more precision than a later read.
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
        createDirectories(settings.dataDir());
        Path tokenFile = settings.dataDir().resolve("admin-token");
        String adminToken = settings.adminToken().orElseGet(() -> readOrCreateToken(tokenFile));

        SqlDatabase database = SqlDatabase.open(settings.database());
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon()
                .name("shelfwise-background-", 0).factory());
        java.util.List<AutoCloseable> closeables = new java.util.ArrayList<>();
        Tracing tracing = Tracing.from(env);
        closeables.add(tracing);
        try {
            TenancyService tenancy = new TenancyService(new JdbiTenantRepository(database),
                    new JdbiApiKeyRepository(database), settings.tierPolicies(), new ApiKeySecrets(new SecureRandom()),
                    clock, settings.authCacheTtl());
            // What serving holds per tenant (models, catalogs) lives in size-bounded caches: idle or least valuable
            // tenants are evicted and loaded again on their next request.
            CaffeineTenantCaches caches = new CaffeineTenantCaches(background);
            CatalogService catalog = new CatalogService(
                    tracing.traced(io.shelfwise.catalog.port.out.ItemStore.class, new JdbiItemStore(database, clock)), clock,
                    settings.catalogRefresh(), background, caches, settings.server().catalogCacheBytes());
            EventService events = new EventService(
                    tracing.traced(io.shelfwise.events.port.out.EventStore.class, new JdbiEventStore(database)), clock,
                    settings.shopperCacheTtl(),
                    settings.shopperActivityCapacity(), catalog::heldIds);
            EdgeAdapters edge = EdgeAdapters.of(settings, database, config, env);
            closeables.add(edge);
            RecommendationLogWriter recommendationLog =
                    new RecommendationLogWriter(edge.recommendationLog(), 100_000);
            // Closed before the edge adapters it writes through.
            closeables.addFirst(recommendationLog);
            ProvisioningService provisioning = new ProvisioningService(tenancy, tenancy, tenancy, edge.identity(),
                    edge.dataStores(), edge.infrastructure(), settings.naming());
            MeteringService metering = new MeteringService(new JdbiUsageStore(database), tenancy, clock);
            long flushMillis = settings.meteringFlushInterval().toMillis();
            background.scheduleWithFixedDelay(() -> flushQuietly(metering), flushMillis, flushMillis,
                    TimeUnit.MILLISECONDS);
            PopularityService popularity = new PopularityService(new JdbiSignalSource(database), catalog,
                    PopularityModel.standard(), clock, Duration.ofDays(30), settings.popularityCacheTtl(),
                    // Time-ordered like the other surfaces' ids: its log rows append to the key's index instead of
                    // landing on a random page each (random ids made the log writer ~35 % of the CPU on H2).
                    new io.shelfwise.common.TimeOrderedIds(clock), background, recommendationLog, caches,
                    settings.server().catalogCacheBytes() / 4);
            MeterRegistry registry = Metrics.globalRegistry();

            // Learned models: trained one at a time off the request path, stored per tenant in its artifact space,
            // served from memory and swapped in when promoted.
            DjlRuntime.configure(settings.training().djlCacheDir());
            ExecutorService trainingThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                    .name("shelfwise-training").factory());
            closeables.add(trainingThread::shutdownNow);
            JdbiInteractionHistory interactionHistory = new JdbiInteractionHistory(database);
            io.shelfwise.recommendation.port.out.ModelArtifacts artifacts =
                    tracing.traced(io.shelfwise.recommendation.port.out.ModelArtifacts.class, edge.artifacts());
            ModelRegistry models = new ModelRegistry(artifacts);
            // A pooled process of many tenants may keep the models' large arrays in mapped files off the heap.
            io.shelfwise.adapters.memory.MappedModelMemory mapped = settings.server().mappedModelArrays()
                    .map(m -> io.shelfwise.adapters.memory.MappedModelMemory.in(m.directory(), m.smallestBytes()))
                    .orElse(null);
            ServingModels servingModels = new ServingModels(models, clock, settings.training().activeCheck(),
                    background, caches, settings.server().modelCacheBytes() * 3 / 5, MODEL_IDLE, catalog::sameIds,
                    mapped == null ? io.shelfwise.recommendation.ranking.ModelMemory.HEAP : mapped);
            registry.meters(m -> m.id().name().startsWith("shelfwise.model.arrays.")).forEach(registry::remove);
            if (mapped != null) {
                registry.getOrCreate(io.helidon.metrics.api.Gauge.builder("shelfwise.model.arrays.mapped.bytes",
                        () -> (double) mapped.mappedBytes()).description(
                        "Bytes of served models' arrays held in memory-mapped files outside the heap"));
                registry.getOrCreate(io.helidon.metrics.api.Gauge.builder("shelfwise.model.arrays.on.heap.instead",
                        () -> (double) mapped.heldOnHeapInstead()).description(
                        "Model arrays held on the heap because they could not be mapped (limit, file not written)"));
            }
            // Models take the catalog's item ids when they load, and a catalog loaded again takes the served model's.
            catalog.shareIdsWith(servingModels::heldIds);
            for (String cache : java.util.List.of("models", "catalogs", "cooccurrence", "content", "popularity",
                    "loading-bestsellers")) {
                cacheGauges(registry, caches, cache);
            }
            TenantRecommendationSettings recommendationSettings = new TenantRecommendationSettings(artifacts,
                    clock, settings.catalogRefresh());
            TrainingService training = new TrainingService(interactionHistory, catalog, new DjlModelTrainer(
                    (float) settings.training().model().confidenceScale(),
                    DjlModelTrainer.DEFAULT_CONJUGATE_GRADIENT_STEPS, DjlModelTrainer.DEFAULT_MAX_BLOCK_FLOATS),
                    models, new TrainingRunLog(artifacts), servingModels, metering, clock, settings.training().model(), UUID::randomUUID,
                    trainingThread, t -> recommendationSettings.settings(t).recentItemsOnHome());
            long retrainMillis = settings.training().interval().toMillis();
            if (retrainMillis > 0) {
                // A random start spreads replicas apart; each skips tenants another replica trained recently.
                long start = retrainMillis / 2 + java.util.concurrent.ThreadLocalRandom.current()
                        .nextLong(Math.max(1, retrainMillis / 2));
                // Siloed tenants run in pods of their own only when tenants are placed on Kubernetes.
                boolean siloedElsewhere = EdgeAdapters.placesTenantsOnKubernetes(env);
                background.scheduleWithFixedDelay(() -> retrainAll(tenancy, training, settings, siloedElsewhere,
                        clock), start, retrainMillis, TimeUnit.MILLISECONDS);
            }

            SurfaceService surfaces = new SurfaceService(interactionHistory, events, catalog, recommendationLog, clock,
                    new SurfaceService.Settings(Duration.ofDays(90), 2_000_000, settings.modelRefresh()),
                    new io.shelfwise.common.TimeOrderedIds(clock), background, servingModels, recommendationSettings,
                    popularity::ranking, caches, settings.server().modelCacheBytes() * 2 / 5);
            registry.meters(m -> m.id().name().equals("shelfwise.answers.while.loading")).forEach(registry::remove);
            registry.getOrCreate(io.helidon.metrics.api.Gauge.builder("shelfwise.answers.while.loading",
                    () -> (double) surfaces.answeredWhileLoading()).description(
                    "Lists answered from a tenant's held bestsellers while it was loaded again (since start)"));
            // Onboardings run two at a time off the request path; the smoke test asks this process's own port.
            // Segments follow accepted events on their own thread (ingestion only hands them over); campaigns are
            // worked from the delivery log by the dispatcher thread, rendering and delivering on the workers.
            Settings.Crm crm = settings.crm();
            ExecutorService segmentThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                    .name("shelfwise-segments").factory());
            closeables.add(segmentThread::shutdownNow);
            SegmentationService segmentation = new SegmentationService(new JdbiSegmentStore(database),
                    new JdbiShopperHistory(database), catalog, new ShopperAffinities(servingModels),
                    new DjlChurnModelTrainer(), clock, segmentThread);
            events.subscribe(segmentation::stored);
            registry.getOrCreate(io.helidon.metrics.api.Gauge.builder("shelfwise.segments.updated.events",
                    () -> segmentation.updateStats().events()));
            registry.getOrCreate(io.helidon.metrics.api.Gauge.builder("shelfwise.segments.update.seconds",
                    () -> segmentation.updateStats().nanos() / 1e9));
            WebhookMessageChannel webhook = new WebhookMessageChannel(crm.webhookTimeout());
            closeables.add(webhook);
            ExecutorService deliveryWorkers = Executors.newFixedThreadPool(crm.deliveryWorkers(),
                    Thread.ofPlatform().daemon().name("shelfwise-delivery-", 0).factory());
            closeables.add(deliveryWorkers::shutdownNow);
            java.util.List<io.shelfwise.campaign.port.out.MessageChannel> messageChannels =
                    new java.util.ArrayList<>(java.util.List.of(webhook));
            // SES and SNS with each tenant's own credentials, in every mode (they are the tenant's accounts).
            software.amazon.awssdk.http.SdkHttpClient messagingHttp =
                    software.amazon.awssdk.http.apache5.Apache5HttpClient.builder().build();
            io.shelfwise.adapters.aws.AwsMessageChannel awsMessages = new io.shelfwise.adapters.aws.AwsMessageChannel(
                    messagingHttp, crm.webhookTimeout(), 64);
            closeables.add(awsMessages);
            closeables.add(messagingHttp);
            messageChannels.add(awsMessages);
            CampaignService campaigns = new CampaignService(new JdbiCampaignStore(database, secretBox(settings)),
                    new MustacheTemplateEngine(), messageChannels, segmentation, surfaces, catalog, events, clock,
                    deliveryWorkers, crm.deliveryWorkers());
            segmentation.addListener(campaigns::membershipChanged);
            events.subscribe((tenant, fresh) -> segmentThread.execute(() -> campaigns.eventsStored(tenant, fresh)));
            CampaignDispatcher dispatcher = new CampaignDispatcher(campaigns, crm);
            closeables.add(dispatcher);
            java.util.concurrent.atomic.AtomicInteger ownPort = new java.util.concurrent.atomic.AtomicInteger();
            ExecutorService onboardingWorkers = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "shelfwise-onboarding");
                t.setDaemon(true);
                return t;
            });
            // Stop first (a step cut short stays "running" and resumes on the next start), then the workers, and
            // wait a little for them: a driver releases its run's lease on its way out, which it cannot do once the
            // database is closed, and the next process would then wait for the lease to expire (60 s).
            closeables.add(() -> stopAndWait(onboardingWorkers, java.time.Duration.ofSeconds(5)));
            JdbiTenantRecords tenantRecords = new JdbiTenantRecords(database);
            OnboardingService onboarding = new OnboardingService(new JdbiOnboardingStore(database),
                    new OnboardingService.Ports(tenancy, tenancy, tenancy, tenancy, edge.identity(), edge.dataStores(),
                            edge.infrastructure(), catalog, events, training, edge.staging(),
                            new LocalDirectoryInitialData(),
                            new PlatformTenantServing(surfaces, ownPort::get), tenantRecords),
                    settings.naming(), new OnboardingService.Settings(
                            // The share of refused rows that fails an import step (the rest is kept).
                            Double.parseDouble(env.getOrDefault("SHELFWISE_ONBOARDING_MAX_BAD_ROWS", "0.05")),
                            OnboardingService.Settings.defaults().trainingTimeout(),
                            OnboardingService.Settings.defaults().poll()), clock, UUID::randomUUID,
                    onboardingWorkers);
            closeables.addFirst(onboarding);

            TenantTelemetry telemetry = new TenantTelemetry(clock);
            events.subscribe(telemetry);
            ExecutorService fleetRefresh = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "shelfwise-fleet-refresh");
                t.setDaemon(true);
                return t;
            });
            closeables.add(fleetRefresh::shutdownNow);
            FleetService fleet = new FleetService(tenancy, tenancy, metering, training, onboarding, telemetry,
                    fleetRefresh, clock);
            ExecutorService rolloutDrivers = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("shelfwise-rollout-", 0).factory());
            closeables.add(rolloutDrivers::shutdownNow);
            AttributionService attribution = new AttributionService(new JdbiAttributionStore(database),
                    recommendationLog);
            RolloutService rollouts = new RolloutService(tenancy, training, training, fleet, attribution,
                    edge.deployments(), new JdbiRolloutStore(database),
                    clock, () -> UUID.randomUUID().toString().substring(0, 13), rolloutDrivers,
                    // One tenant's training, or one Deployment's rolling update, may take this long.
                    new RolloutService.Settings(Duration.ofSeconds(1), Duration.ofSeconds(Long.parseLong(
                            env.getOrDefault("SHELFWISE_ROLLOUT_STEP_TIMEOUT_SECONDS", "1800"))),
                            settings.training().model().options().seed(),
                            // Promoted tenants serve this long before their traffic is judged.
                            Duration.ofMillis(Long.parseLong(
                                    env.getOrDefault("SHELFWISE_ROLLOUT_OBSERVE_MS", "60000"))),
                            Duration.ofMinutes(2),
                            // A changed tenant's click-through is compared with its own over the day before.
                            Duration.ofHours(24),
                            new io.shelfwise.rollout.ClickThroughGate(
                                    Long.parseLong(env.getOrDefault("SHELFWISE_ROLLOUT_CTR_MIN_LISTS", "200")),
                                    Double.parseDouble(env.getOrDefault("SHELFWISE_ROLLOUT_CTR_MAX_DROP", "0.10")))));
            ConsoleSessions consoleSessions = new ConsoleSessions(adminToken, settings.console().readOnlyToken(),
                    settings.console().sessionTtl(), clock);

            RequestMetricsFilter requestMetrics = new RequestMetricsFilter(registry, telemetry,
                    new TenantLabels(settings.server().metricsTenantLabels()), tracing);

            ResourceConfig api = new ResourceConfig()
                    .property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true)
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                    .register(JacksonFeature.withoutExceptionMappers())
                    .register(new JsonMapper())
                    .register(org.glassfish.jersey.media.sse.SseFeature.class)
                    .register(new ProblemMapper())
                    .register(requestMetrics)
                    .register(new AuthenticationFilter(tenancy, new RequestThrottle(System::nanoTime), adminToken,
                            settings.maxBodyBytes(), settings.dedicatedTenant()))
                    .register(new AdminTenantsResource(provisioning, tenancy, tenancy, tenancy, provisioning,
                            provisioning, metering, clock))
                    .register(new AdminUsageResource(metering, clock))
                    .register(new EventsResource(events, events))
                    .register(new ItemsResource(catalog, catalog, catalog))
                    .register(new RecommendationsResource(popularity, surfaces, (tenant, metric, amount) -> {
                        metering.record(tenant, metric, amount);
                        if (metric == io.shelfwise.metering.UsageMetric.RECOMMENDATION_REQUESTS) {
                            telemetry.recommendationsServed(tenant, amount);
                        }
                    },
                            attribution, clock))
                    .register(new ModelsResource(training, training))
                    .register(new SettingsResource(recommendationSettings))
                    .register(new SegmentsResource(segmentation, segmentation, segmentation, segmentation, clock))
                    .register(new UsersResource(segmentation, campaigns))
                    .register(new CampaignsResource(campaigns))
                    .register(new ChannelsResource(campaigns))
                    .register(new CampaignSettingsResource(campaigns))
                    .register(new AdminOnboardingsResource(onboarding))
                    .register(new AdminUploadsResource(new UploadService(
                            new LocalDirectoryUploads(settings.dataDir()), UUID::randomUUID)))
                    .register(new AdminOffboardingsResource(new OffboardingService(tenancy, tenancy, tenancy,
                            edge.infrastructure(), edge.dataStores(), edge.identity(), tenantRecords, edge.staging(),
                            settings.naming(), clock)))
                    .register(new ConsoleResource(consoleSessions, fleet, fleet, tenancy, provisioning, rollouts,
                            settings.console().sessionTtl(), clock))
                    .register(new AdminRolloutsResource(rollouts))
                    .register(new OpenApiResource());

            ObserveFeature observe = ObserveFeature.builder()
                    // Metrics name every tenant and detailed health names the database: management port only.
                    .sockets(java.util.List.of(MANAGEMENT_SOCKET))
                    .weight(200)
                    .addObserver(HealthObserver.builder()
                            .details(true)
                            .addCheck(() -> HealthCheckResponse.builder()
                                    .status(database.isReachable())
                                    .detail("database", settings.database().url().replaceAll(";.*", ""))
                                    .build(), HealthCheckType.READINESS, "database")
                            .build())
                    .addObserver(MetricsObserver.builder().meterRegistry(registry).build())
                    .build();

            Settings.Server limits = settings.server();
            WebServer server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    // Without TCP_NODELAY small JSON answers wait on Nagle's algorithm (~40 ms each).
                    .connectionOptions(o -> o.tcpNoDelay(true))
                    // Hard backstop; the API counts the bytes it reads against the 1 MiB limit (RequestBody).
                    .maxPayloadSize(settings.maxBodyBytes() * 2)
                    // A few requests run at once (the cores are few); the rest wait in a fair queue for a bounded
                    // time, then get a fast 503 with Retry-After: tail latency stays bounded under any load, and
                    // requests waiting for a permit are parked, not competing for the cores.
                    .update(b -> {
                        if (limits.maxConcurrentRequests() > 0) {
                            b.concurrencyLimit(FixedLimit.builder()
                                    .permits(limits.maxConcurrentRequests())
                                    .queueLength(limits.requestQueue())
                                    .queueTimeout(limits.queueTimeout())
                                    .fair(true)
                                    .build());
                        }
                    })
                    // The server's own error answers (413, 414, 431, 503, ...) are problem documents too.
                    .directHandlers(ServerProblems.directHandlers())
                    // Passes the server's message to the handlers, which only test it (header size) and never echo it.
                    .errorHandling(e -> e.includeEntity(true))
                    .putSocket(MANAGEMENT_SOCKET, socket -> socket
                            .host(settings.host())
                            .port(limits.managementPort())
                            .connectionOptions(o -> o.tcpNoDelay(true))
                            .maxConcurrentRequests(16))
                    .addFeature(observe)
                    .routing(r -> r
                            .addFilter(new ClientGuard(limits.authFailureBurst(), limits.authFailuresPerSecond(),
                                    System::nanoTime))
                            // Bare liveness for probes and load balancers on the API port: the process answers,
                            // nothing more (readiness with the database check is on the management port).
                            .get("/observe/health", (req, res) -> res.header("Content-Type", "application/json")
                                    .send("{\"status\":\"UP\"}"))
                            .register("/", JaxRsService.create(Config.empty(), api)))
                    .build()
                    .start();
            ownPort.set(server.port());
            onboarding.resumeUnfinished();
            rollouts.resumeUnfinished();
            dispatcher.start();
            every(background, crm.segmentRefresh(), "segment_refresh_failed", segmentation::refreshAll);
            // The metrics name the busiest tenants of the last hour; the others are counted as "other".
            every(background, Duration.ofMinutes(10), "metrics_rerank_failed",
                    () -> requestMetrics.rerank(telemetry.requestsPerTenant(Duration.ofHours(1))));
            // Rollouts a replica that died was driving are resumed once its lease (2 min) ran out.
            every(background, Duration.ofSeconds(30), "rollout_resume_failed", rollouts::resumeUnfinished);
            // Runs of a replica that died are resumed once their lease (60 s) ran out.
            every(background, Duration.ofSeconds(30), "onboarding_resume_failed", onboarding::resumeUnfinished);
            LOG.log(System.Logger.Level.INFO, "event=platform_started host=" + settings.host() + " port="
                    + server.port() + " management_port=" + server.port(MANAGEMENT_SOCKET) + " database="
                    + settings.database().url().replaceAll(";.*", ""));
            return new Platform(database, server, background, metering, closeables,
                    settings.adminToken().isPresent() ? null : tokenFile);
        } catch (RuntimeException e) {
            background.shutdownNow();
            closeAll(closeables);
            database.close();
            throw e;
        }
    }

    /**
     * Queues a training run for every active tenant this deployment serves: in a siloed tenant's own deployment
     * only that tenant, in the pool only pooled tenants (siloed ones train in their own pods). A tenant whose
     * newest model is younger than half the interval (another replica trained it) and one already training are
     * left alone.
     */
    private static void retrainAll(TenancyService tenancy, TrainingService training, Settings settings,
                                   boolean siloedElsewhere, Clock clock) {
        try {
            for (Tenant tenant : tenancy.list()) {
                if (dueForTraining(tenant, settings, siloedElsewhere, () -> training.modelVersions(tenant.id()),
                        clock.instant())) {
                    try {
                        training.startTraining(tenant.id());
                    } catch (ConflictException alreadyRunning) {
                        // The run in progress is as fresh as this one would be.
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event=scheduled_training_failed error=" + e);
        }
    }

    /**
     * Whether the scheduled retraining of this deployment trains {@code tenant} now: it is active, this deployment
     * serves it (a siloed tenant's own deployment only that tenant; the pool every tenant, but for siloed ones
     * when {@code siloedElsewhere}: they have pods of their own), and no replica stored a model for it within the
     * last half interval.
     */
    static boolean dueForTraining(Tenant tenant, Settings settings, boolean siloedElsewhere,
                                  java.util.function.Supplier<java.util.List<ModelVersion>> versions,
                                  java.time.Instant now) {
        boolean ours = settings.dedicatedTenant().map(tenant.id()::equals)
                .orElse(!siloedElsewhere || settings.tierPolicies().of(tenant.tier()).deploymentModel()
                        == io.shelfwise.tenancy.TierPolicy.DeploymentModel.POOLED);
        if (tenant.state() != TenantState.ACTIVE || !ours) {
            return false;
        }
        java.time.Instant recent = now.minus(settings.training().interval().dividedBy(2));
        return versions.get().stream().noneMatch(v -> v.createdAt().isAfter(recent));
    }

    public int port() {
        return server.port();
    }

    /** Where metrics and detailed health are served. */
    public int managementPort() {
        return server.port(MANAGEMENT_SOCKET);
    }

    /** Where the generated operator token was written, or null when it came from configuration. */
    public Path adminTokenFile() {
        return adminTokenFile;
    }

    @Override
    public void close() {
        server.stop();
        background.shutdownNow();
        flushQuietly(metering);
        closeAll(closeables);
        database.close();
    }

    /** Per cache: entries, estimated bytes held and allowed, loads and evictions since start. */
    private static void cacheGauges(MeterRegistry registry, CaffeineTenantCaches caches, String cache) {
        java.util.List<io.helidon.metrics.api.Tag> tags = java.util.List.of(io.helidon.metrics.api.Tag.create("cache",
                cache));
        // The registry is global: a platform started before in this JVM (tests) must not keep the series.
        registry.meters(m -> m.id().name().startsWith("shelfwise.tenant.cache.")
                && cache.equals(m.id().tagsMap().get("cache"))).forEach(registry::remove);
        record Series(String name, String description, java.util.function.ToDoubleFunction<TenantCaches.Stats> of) {
        }
        for (Series series : java.util.List.of(
                new Series("entries", "Tenants held in memory", TenantCaches.Stats::entries),
                new Series("bytes", "Estimated bytes held", TenantCaches.Stats::weight),
                new Series("max.bytes", "Estimated bytes the cache may hold", TenantCaches.Stats::maxWeight),
                new Series("loads", "Tenants loaded into the cache since start", TenantCaches.Stats::loads),
                new Series("evictions", "Tenants evicted (size or idle) since start", TenantCaches.Stats::evictions))) {
            Supplier<Double> value = () -> caches.stats().stream().filter(st -> st.name().equals(cache))
                    .mapToDouble(series.of()).sum();
            registry.getOrCreate(io.helidon.metrics.api.Gauge.builder("shelfwise.tenant.cache." + series.name(), value)
                    .tags(tags).description(series.description()));
        }
    }

    /** Runs {@code task} every {@code period}; a failure is logged as {@code failureEvent} and the next run goes on. */
    private static void every(ScheduledExecutorService background, Duration period, String failureEvent,
                              Runnable task) {
        background.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "event=" + failureEvent + " error=" + e.getMessage());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Interrupts {@code workers} and waits up to {@code patience} for their tasks to return. A closing thread that is
     * interrupted itself stops waiting and keeps its interrupt for the caller.
     */
    private static void stopAndWait(ExecutorService workers, java.time.Duration patience) {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "event=workers_still_running after_ms=" + patience.toMillis());
            }
        } catch (InterruptedException e) {
            LOG.log(System.Logger.Level.WARNING, "event=workers_wait_interrupted");
            Thread.currentThread().interrupt();
        }
    }

    private static void closeAll(java.util.List<AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "event=close_failed error=" + e.getMessage());
            }
        }
    }

    private static void flushQuietly(MeteringService metering) {
        try {
            metering.flush();
        } catch (RuntimeException e) {
            // The counts stay buffered and go out with the next flush.
            LOG.log(System.Logger.Level.WARNING, "event=metering_flush_failed error=" + e.getMessage());
        }
    }

    /**
     * The key that encrypts channel secrets at rest: {@code SHELFWISE_SECRETS_KEY}, or one kept beside the embedded
     * database in {@code secrets.key} (created on first start, readable by its owner only).
     */
    private static SecretBox secretBox(Settings settings) {
        Optional<String> configured = settings.crm().secretsKey();
        if (configured.isPresent()) {
            return SecretBox.ofBase64(configured.get());
        }
        if (settings.cloud() != Settings.Cloud.EMBEDDED) {
            LOG.log(System.Logger.Level.WARNING, "event=secrets_key_local reason=SHELFWISE_SECRETS_KEY is not set; "
                    + "channel secrets are encrypted with a key in the data directory, which other replicas do not "
                    + "share: set the same SHELFWISE_SECRETS_KEY for every replica");
        }
        Path file = settings.dataDir().resolve("secrets.key");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, SecretBox.newKey() + "\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return SecretBox.ofBase64(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key at " + file, e);
        }
    }

    private static String readOrCreateToken(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String token = "op_" + HexFormat.of().formatHex(bytes);
            Files.writeString(file, token + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the operator token at " + file, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }
}
