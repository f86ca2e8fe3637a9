package io.shelfwise.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.metering.UsageMetric;
import io.shelfwise.metering.UsageReport;
import io.shelfwise.metering.port.in.ReportUsage;
import io.shelfwise.onboarding.OnboardingRequest;
import io.shelfwise.onboarding.OnboardingRun;
import io.shelfwise.onboarding.OnboardingStep;
import io.shelfwise.onboarding.RunState;
import io.shelfwise.onboarding.StepRecord;
import io.shelfwise.onboarding.StepState;
import io.shelfwise.onboarding.port.in.ManageOnboardings;
import io.shelfwise.recommendation.port.in.ManageModels;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.registry.TrainingSummary;
import io.shelfwise.tenancy.ApiKeySecrets;
import io.shelfwise.tenancy.TenancyService;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import io.shelfwise.testing.InMemoryApiKeyRepository;
import io.shelfwise.testing.InMemoryTenantRepository;
import io.shelfwise.testing.MutableClock;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fleet view over in-memory tenancy and hand-made usage, models and onboardings. */
class FleetServiceTest {
    private final MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
    private final TenancyService tenancy = new TenancyService(new InMemoryTenantRepository(),
            new InMemoryApiKeyRepository(), TierPolicies.defaults(), new ApiKeySecrets(new SecureRandom()), clock,
            Duration.ZERO);
    private final Map<TenantId, Map<UsageMetric, Long>> counters = new HashMap<>();
    private final AtomicInteger shopperPasses = new AtomicInteger();
    private final ReportUsage usage = new ReportUsage() {
        @Override
        public UsageReport report(TenantId tenant, YearMonth period) {
            shopperPasses.incrementAndGet();
            Map<UsageMetric, Long> all = new EnumMap<>(UsageMetric.class);
            all.putAll(counters.getOrDefault(tenant, Map.of()));
            all.put(UsageMetric.ACTIVE_SHOPPERS, 42L);
            return new UsageReport(tenant, Tier.STANDARD, period, all, 1_000, BigDecimal.TEN);
        }

        @Override
        public List<UsageReport> fleet(YearMonth period) {
            throw new AssertionError("the overview must not read every tenant's full report");
        }

        @Override
        public Map<TenantId, Map<UsageMetric, Long>> counters(YearMonth period) {
            return counters;
        }
    };
    private final Map<TenantId, List<ModelVersion>> versions = new HashMap<>();
    private final AtomicInteger registryReads = new AtomicInteger();
    private final ManageModels models = new ManageModels() {
        @Override
        public List<ModelVersion> modelVersions(TenantId tenant) {
            registryReads.incrementAndGet();
            return versions.getOrDefault(tenant, List.of());
        }

        @Override
        public ModelVersion modelVersion(TenantId tenant, int version) {
            return versions.get(tenant).stream().filter(v -> v.version() == version).findFirst().orElseThrow();
        }

        @Override
        public ModelVersion promote(TenantId tenant, int version) {
            List<ModelVersion> updated = new ArrayList<>();
            for (ModelVersion v : versions.get(tenant)) {
                updated.add(v.withStatus(v.version() == version ? ModelVersion.Status.ACTIVE
                        : ModelVersion.Status.INACTIVE));
            }
            versions.put(tenant, updated);
            return modelVersion(tenant, version);
        }

        @Override
        public ModelVersion rollback(TenantId tenant) {
            return promote(tenant, 1);
        }
    };
    private final List<OnboardingRun> runs = new ArrayList<>();
    private final ManageOnboardings onboardings = new ManageOnboardings() {
        @Override
        public OnboardingRun start(OnboardingRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OnboardingRun get(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OnboardingRun status(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<OnboardingRun> list() {
            return runs;
        }

        @Override
        public OnboardingRun retry(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OnboardingRun cancel(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable watch(String id, java.util.function.Consumer<OnboardingRun> onChange) {
            throw new UnsupportedOperationException();
        }
    };
    private final TenantTelemetry telemetry = new TenantTelemetry(clock);
    private final ArrayDeque<Runnable> background = new ArrayDeque<>();
    private final FleetService fleet = new FleetService(tenancy, tenancy, usage, models, onboardings, telemetry,
            background::add, clock);
    private final TenantId standard = new TenantId("small-shop");
    private final TenantId enterprise = new TenantId("big-shop");

    FleetServiceTest() {
        tenancy.register(RegisterTenantCommand.of("small-shop", "Small", "standard"));
        tenancy.register(RegisterTenantCommand.of("big-shop", "Big", "enterprise"));
    }

    @Test
    void a_quiet_healthy_fleet_has_no_problems_and_rows_in_id_order() {
        List<FleetRow> rows = fleet.overview();
        assertEquals(List.of(enterprise, standard), rows.stream().map(r -> r.tenant().id()).toList());
        assertTrue(rows.stream().allMatch(r -> r.problems().isEmpty()), rows.toString());
    }

    @Test
    void errors_over_ten_times_the_tiers_budget_are_a_spike_and_a_slow_p99_breaks_the_tiers_promise() {
        for (int i = 0; i < 1000; i++) {
            // Enterprise: 0.05 % budget, so 1 % errors burn it 20 times over; standard's 0.5 % only twice.
            telemetry.request(enterprise, 1_000_000, i % 100 == 0 ? 500 : 200);
            telemetry.request(standard, 1_000_000, i % 100 == 0 ? 500 : 200);
        }
        for (int i = 0; i < 50; i++) {
            telemetry.request(enterprise, 180_000_000, 200);
            telemetry.request(standard, 180_000_000, 200);
        }
        Map<TenantId, Set<FleetProblem>> problems = problems();
        assertEquals(Set.of(FleetProblem.ERROR_SPIKE, FleetProblem.SLOW), problems.get(enterprise),
                "200 ms p99 over enterprise's 100 ms");
        assertEquals(Set.of(), problems.get(standard), "within standard's 0.5 % and 300 ms");
    }

    @Test
    void the_health_check_names_what_breaks_the_tiers_promise_and_passes_a_quiet_tenant() {
        assertTrue(fleet.problem(enterprise, Duration.ofMinutes(1)).isEmpty(), "no traffic: nothing to judge");
        for (int i = 0; i < 100; i++) {
            telemetry.request(enterprise, 1_000_000, i < 5 ? 503 : 200);
            telemetry.request(standard, 250_000_000, 200);
        }
        assertTrue(fleet.problem(enterprise, Duration.ofMinutes(1)).orElseThrow().contains("server errors on 5.00 %"));
        assertTrue(fleet.problem(standard, Duration.ofMinutes(1)).isEmpty(), "300 ms is standard's promise");
        telemetry.request(standard, 900_000_000, 200);
        telemetry.request(standard, 900_000_000, 200);
        assertTrue(fleet.problem(standard, Duration.ofMinutes(1)).orElseThrow().contains("p99 1000 ms"));
    }

    @Test
    void a_handful_of_requests_never_raises_a_rate_problem() {
        telemetry.request(enterprise, 5_000_000_000L, 500);
        assertEquals(Set.of(), problems().get(enterprise));
    }

    @Test
    void quota_near_its_limit_failed_onboarding_and_an_old_model_are_flagged() {
        long quota = tenancy.policyOf(Tier.STANDARD).eventsPerMonth();
        counters.put(standard, Map.of(UsageMetric.EVENTS_ACCEPTED, quota * 9 / 10));
        runs.add(run(standard, RunState.FAILED, clock.instant()));
        versions.put(enterprise, List.of(model(1, ModelVersion.Status.ACTIVE, clock.instant().minus(Duration.ofDays(9)))));
        Map<TenantId, Set<FleetProblem>> problems = problems();
        assertEquals(Set.of(FleetProblem.QUOTA_NEAR_LIMIT, FleetProblem.ONBOARDING_FAILED), problems.get(standard));
        assertEquals(Set.of(FleetProblem.STALE_MODEL), problems.get(enterprise));
        FleetRow row = fleet.overview().stream().filter(r -> r.tenant().id().equals(standard)).findFirst().orElseThrow();
        assertEquals("failed", row.onboarding().state());
        assertEquals(quota, row.eventsIncluded());
    }

    @Test
    void the_latest_onboarding_of_a_tenant_is_the_one_shown() {
        runs.add(run(standard, RunState.FAILED, clock.instant().minusSeconds(60)));
        runs.add(run(standard, RunState.SUCCEEDED, clock.instant()));
        assertEquals(Set.of(), problems().get(standard), "retried and succeeded since");
    }

    @Test
    void models_and_active_shoppers_are_read_once_then_refreshed_in_the_background_when_old() {
        versions.put(enterprise, List.of(model(1, ModelVersion.Status.ACTIVE, clock.instant())));
        FleetRow first = row(enterprise);
        assertEquals(1, first.model().version(), "the small registry read happens inline the first time");
        assertNull(first.activeShoppers(), "counting shoppers is a pass over events: never inline");
        assertEquals(0, shopperPasses.get());
        runBackground();
        assertEquals(42L, row(enterprise).activeShoppers());

        int reads = registryReads.get();
        int passes = shopperPasses.get();
        for (int i = 0; i < 5; i++) {
            fleet.overview();
        }
        assertEquals(reads, registryReads.get(), "fresh facts are not read again");
        assertTrue(background.isEmpty());

        clock.advance(FleetService.FACTS_TTL.plusSeconds(1));
        fleet.overview();
        fleet.overview();
        assertEquals(2, background.size(), "one refresh per tenant, however often the overview is read");
        runBackground();
        assertEquals(passes + 2, shopperPasses.get());
    }

    @Test
    void a_rollback_from_the_fleet_shows_in_the_next_overview_at_once() {
        versions.put(enterprise, List.of(model(2, ModelVersion.Status.ACTIVE, clock.instant()),
                model(1, ModelVersion.Status.INACTIVE, clock.instant())));
        assertEquals(2, row(enterprise).model().version());
        assertEquals(1, fleet.rollbackModel(enterprise).version());
        assertEquals(1, row(enterprise).model().version(), "not the cached v2");
        assertEquals(2, fleet.promoteModel(enterprise, 2).version());
        assertEquals(2, row(enterprise).model().version());
    }

    @Test
    void a_tenants_page_has_its_series_models_usage_and_keys() {
        tenancy.issue(standard, "web");
        telemetry.eventsAccepted(standard, 5);
        TenantView view = fleet.tenant(standard);
        assertEquals(60, view.minutes().size());
        assertEquals(48, view.hours().size());
        assertEquals(30, view.days().size());
        assertEquals(5, view.minutes().getLast().events());
        assertEquals(5, view.row().eventsLastDay());
        assertEquals(1, view.keys().size());
        assertEquals(42L, view.row().activeShoppers(), "the page reads the full report");
        assertEquals(Slo.of(Tier.STANDARD), view.slo());
    }

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    private FleetRow row(TenantId tenant) {
        return fleet.overview().stream().filter(r -> r.tenant().id().equals(tenant)).findFirst().orElseThrow();
    }

    private Map<TenantId, Set<FleetProblem>> problems() {
        Map<TenantId, Set<FleetProblem>> problems = new HashMap<>();
        fleet.overview().forEach(r -> problems.put(r.tenant().id(), r.problems()));
        return problems;
    }

    private static OnboardingRun run(TenantId tenant, RunState state, Instant at) {
        Map<OnboardingStep, StepRecord> steps = new EnumMap<>(OnboardingStep.class);
        steps.put(OnboardingStep.REGISTER, StepRecord.pending(OnboardingStep.REGISTER).finished(StepState.DONE, at,
                null, null));
        return new OnboardingRun("run-" + at.toEpochMilli(), new OnboardingRequest(tenant, "Shop", Tier.STANDARD,
                "ops@example.com", null), state, at, at, steps, null);
    }

    private static ModelVersion model(int version, ModelVersion.Status status, Instant createdAt) {
        return new ModelVersion(version, status, createdAt, createdAt,
                new TrainingSummary(100, 50, 10, 20, 8, 2, 0.1, Duration.ofSeconds(1)),
                new GateResult("popularity", "ndcg@20", 0.3, 0.2, 0.02, true, "better", List.of()));
    }
}
