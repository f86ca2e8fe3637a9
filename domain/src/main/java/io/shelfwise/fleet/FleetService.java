package io.shelfwise.fleet;

import io.shelfwise.fleet.port.in.CheckTenantHealth;
import io.shelfwise.fleet.port.in.OperateFleet;
import io.shelfwise.fleet.port.in.ViewFleet;
import io.shelfwise.metering.UsageMetric;
import io.shelfwise.metering.UsageReport;
import io.shelfwise.metering.port.in.ReportUsage;
import io.shelfwise.onboarding.OnboardingRun;
import io.shelfwise.onboarding.RunState;
import io.shelfwise.onboarding.StepRecord;
import io.shelfwise.onboarding.StepState;
import io.shelfwise.onboarding.port.in.ManageOnboardings;
import io.shelfwise.recommendation.port.in.ManageModels;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.port.in.FindTenants;
import io.shelfwise.tenancy.port.in.ManageApiKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The operator's fleet view, assembled from the other contexts' use cases and the platform's own telemetry. The
 * overview has to stay fast with thousands of tenants, so it reads tenants, usage and onboardings in one query
 * each and never a tenant's model registry inline once that tenant was seen: models are read once per tenant and
 * then refreshed in the background when older than {@link #MODEL_INFO_TTL} (and at once after a change made here).
 */
public final class FleetService implements ViewFleet, OperateFleet, CheckTenantHealth {
    /** The window the overview's rate, latency and error figures cover. */
    public static final Duration RECENT = Duration.ofMinutes(5);
    /**
     * A serving model built longer ago than this is flagged: scheduled retraining has stopped or keeps failing.
     * (Its data may end earlier: an imported history can be old; that is the store's, not the fleet's, problem.)
     */
    public static final Duration STALE_MODEL_AFTER = Duration.ofDays(8);
    /** How old the overview's model and active-shopper figures may be. */
    public static final Duration FACTS_TTL = Duration.ofSeconds(60);
    /** A burn rate above this (errors over the tier's error budget) is a spike. */
    static final double SPIKE_BURN_RATE = 10;
    /** Requests needed in {@link #RECENT} before an error rate or a p99 means anything. */
    static final long MIN_REQUESTS = 20;

    private final FindTenants tenants;
    private final ManageApiKeys keys;
    private final ReportUsage usage;
    private final ManageModels models;
    private final ManageOnboardings onboardings;
    private final TenantTelemetry telemetry;
    private final Executor background;
    private final Clock clock;
    private final Map<TenantId, Facts> facts = new ConcurrentHashMap<>();

    public FleetService(FindTenants tenants, ManageApiKeys keys, ReportUsage usage, ManageModels models,
                        ManageOnboardings onboardings, TenantTelemetry telemetry, Executor background, Clock clock) {
        this.tenants = tenants;
        this.keys = keys;
        this.usage = usage;
        this.models = models;
        this.onboardings = onboardings;
        this.telemetry = telemetry;
        this.background = background;
        this.clock = clock;
    }

    @Override
    public List<FleetRow> overview() {
        List<Tenant> all = new ArrayList<>(tenants.list());
        all.sort(Comparator.comparing(t -> t.id().value()));
        Map<TenantId, Map<UsageMetric, Long>> counters = usage.counters(thisMonth());
        Map<TenantId, OnboardingRun> latest = latestOnboardings();
        List<FleetRow> rows = new ArrayList<>(all.size());
        for (Tenant t : all) {
            Facts facts = cachedFacts(t.id());
            rows.add(row(t, counters.getOrDefault(t.id(), Map.of()), latest.get(t.id()), facts.model(),
                    facts.activeShoppers()));
        }
        return rows;
    }

    @Override
    public TenantView tenant(TenantId id) {
        Tenant t = tenants.get(id);
        UsageReport report = usage.report(id, thisMonth());
        OnboardingRun onboarding = latestOnboardings().get(id);
        List<ModelVersion> versions = models.modelVersions(id);
        Optional<FleetRow.ModelInfo> active = versions.stream()
                .filter(v -> v.status() == ModelVersion.Status.ACTIVE).findFirst().map(FleetService::info);
        long shoppers = report.get(UsageMetric.ACTIVE_SHOPPERS);
        facts.put(id, new Facts(clock.instant(), active, shoppers));
        return new TenantView(row(t, report.usage(), onboarding, active, shoppers), Slo.of(t.tier()),
                telemetry.points(id, TenantTelemetry.Resolution.MINUTE),
                telemetry.points(id, TenantTelemetry.Resolution.HOUR),
                telemetry.points(id, TenantTelemetry.Resolution.DAY),
                versions, onboarding, report, keys.list(id));
    }

    @Override
    public ModelVersion rollbackModel(TenantId tenant) {
        tenants.get(tenant);
        try {
            return models.rollback(tenant);
        } finally {
            forgetModel(tenant);
        }
    }

    @Override
    public ModelVersion promoteModel(TenantId tenant, int version) {
        tenants.get(tenant);
        try {
            return models.promote(tenant, version);
        } finally {
            forgetModel(tenant);
        }
    }

    /** The overview shows the change at once: the model is read again inline, the shoppers kept. */
    private void forgetModel(TenantId tenant) {
        facts.computeIfPresent(tenant, (t, f) -> new Facts(f.readAt(), activeModel(t), f.activeShoppers()));
    }

    private YearMonth thisMonth() {
        return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    }

    private FleetRow row(Tenant t, Map<UsageMetric, Long> counters, OnboardingRun onboarding,
                         Optional<FleetRow.ModelInfo> model, Long activeShoppers) {
        TenantTelemetry.Traffic recent = telemetry.traffic(t.id(), RECENT);
        long eventsLastDay = telemetry.traffic(t.id(), Duration.ofDays(1)).events();
        long eventsUsed = counters.getOrDefault(UsageMetric.EVENTS_ACCEPTED, 0L);
        long included = tenants.policyOf(t).eventsPerMonth();
        FleetRow.OnboardingStatus status = onboarding == null ? null : status(onboarding);
        Set<FleetProblem> problems = EnumSet.noneOf(FleetProblem.class);
        if (onboarding != null && onboarding.state() == RunState.FAILED) {
            problems.add(FleetProblem.ONBOARDING_FAILED);
        }
        model.ifPresent(m -> {
            if (m.createdAt().isBefore(clock.instant().minus(STALE_MODEL_AFTER))) {
                problems.add(FleetProblem.STALE_MODEL);
            }
        });
        Slo slo = Slo.of(t.tier());
        if (recent.requests() >= MIN_REQUESTS) {
            if (recent.errorRate() > slo.errorBudget() * SPIKE_BURN_RATE) {
                problems.add(FleetProblem.ERROR_SPIKE);
            }
            if (recent.p99Millis() > slo.p99Millis()) {
                problems.add(FleetProblem.SLOW);
            }
        }
        if (included > 0 && eventsUsed >= included * 0.9) {
            problems.add(FleetProblem.QUOTA_NEAR_LIMIT);
        }
        return new FleetRow(t, status, recent, eventsLastDay, activeShoppers, model.orElse(null), eventsUsed,
                included, problems);
    }

    @Override
    public Optional<String> problem(TenantId tenant, Duration window) {
        Slo slo = Slo.of(tenants.get(tenant).tier());
        TenantTelemetry.Traffic traffic = telemetry.traffic(tenant, window);
        if (traffic.requests() < MIN_REQUESTS) {
            return Optional.empty();
        }
        if (traffic.errorRate() > slo.errorBudget() * SPIKE_BURN_RATE) {
            return Optional.of("server errors on %.2f %% of %d requests (tier budget %.2f %%)".formatted(
                    traffic.errorRate() * 100, traffic.requests(), slo.errorBudget() * 100));
        }
        if (traffic.p99Millis() > slo.p99Millis()) {
            return Optional.of("p99 %.0f ms over the tier's %.0f ms".formatted(traffic.p99Millis(), slo.p99Millis()));
        }
        return Optional.empty();
    }

    private static FleetRow.OnboardingStatus status(OnboardingRun run) {
        int done = 0;
        String current = null;
        for (StepRecord step : run.steps().values()) {
            if (step.state() == StepState.DONE || step.state() == StepState.SKIPPED) {
                done++;
            } else if (current == null) {
                current = step.step().wireName();
            }
        }
        return new FleetRow.OnboardingStatus(run.id(), run.state().name().toLowerCase(java.util.Locale.ROOT),
                current, done, run.steps().size());
    }

    private Map<TenantId, OnboardingRun> latestOnboardings() {
        Map<TenantId, OnboardingRun> latest = new HashMap<>();
        for (OnboardingRun run : onboardings.list()) {
            latest.merge(run.request().tenantId(), run,
                    (a, b) -> a.createdAt().isAfter(b.createdAt()) ? a : b);
        }
        return latest;
    }

    /**
     * What is slow to learn about a tenant, as last read: its active model (read inline the first time, a small
     * file) and its active shoppers this month (a pass over the month's events, so always read in the background:
     * unknown until then). Both are refreshed in the background when older than the TTL, and only while someone
     * looks, so a slow registry or a big store never slows the overview.
     */
    private Facts cachedFacts(TenantId tenant) {
        Facts cached = facts.get(tenant);
        if (cached == null) {
            Facts first = new Facts(clock.instant(), activeModel(tenant), null);
            if (facts.putIfAbsent(tenant, first) == null) {
                background.execute(() -> refresh(tenant));
            }
            return first;
        }
        if (cached.readAt().isBefore(clock.instant().minus(FACTS_TTL))
                && facts.replace(tenant, cached, cached.refreshing(clock.instant()))) {
            background.execute(() -> refresh(tenant));
        }
        return cached;
    }

    private void refresh(TenantId tenant) {
        Long shoppers = null;
        try {
            shoppers = usage.report(tenant, thisMonth()).get(UsageMetric.ACTIVE_SHOPPERS);
        } catch (RuntimeException e) {
            // An erased tenant or an unreachable store: unknown until the next refresh.
        }
        facts.put(tenant, new Facts(clock.instant(), activeModel(tenant), shoppers));
    }

    private Optional<FleetRow.ModelInfo> activeModel(TenantId tenant) {
        try {
            return models.modelVersions(tenant).stream().filter(v -> v.status() == ModelVersion.Status.ACTIVE)
                    .findFirst().map(FleetService::info);
        } catch (RuntimeException e) {
            // An unreadable registry shows as no model; the next refresh tries again.
            return Optional.empty();
        }
    }

    private static FleetRow.ModelInfo info(ModelVersion v) {
        GateResult g = v.gate();
        return new FleetRow.ModelInfo(v.version(), v.createdAt(), v.trainedUntil(), g.metric(), g.candidateScore(),
                g.opponent(), g.opponentScore());
    }

    /** Slow facts read at {@code readAt}; a refresh in flight moves {@code readAt} so only one is started. */
    private record Facts(Instant readAt, Optional<FleetRow.ModelInfo> model, Long activeShoppers) {
        Facts refreshing(Instant now) {
            return new Facts(now, model, activeShoppers);
        }
    }
}
