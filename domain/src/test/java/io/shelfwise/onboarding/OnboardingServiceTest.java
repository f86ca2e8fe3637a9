package io.shelfwise.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.CatalogService;
import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.port.in.UpsertItems;
import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.events.EventService;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.TrackResult;
import io.shelfwise.events.port.in.TrackEvents;
import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.isolation.port.out.TenantIdentity;
import io.shelfwise.onboarding.port.out.InitialData;
import io.shelfwise.onboarding.port.out.TenantServing;
import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.provisioning.port.out.TenantDataStores;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.recommendation.port.in.TrainModels;
import io.shelfwise.recommendation.training.TrainingRun;
import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.ApiKeySecrets;
import io.shelfwise.tenancy.IssuedApiKey;
import io.shelfwise.tenancy.TenancyService;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.Tier;
import io.shelfwise.tenancy.TierPolicies;
import io.shelfwise.tenancy.TierPolicy;
import io.shelfwise.tenancy.port.in.ChangeTenantState;
import io.shelfwise.tenancy.port.in.FindTenants;
import io.shelfwise.tenancy.port.in.ManageApiKeys;
import io.shelfwise.tenancy.port.in.RegisterTenant;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import io.shelfwise.testing.InMemoryApiKeyRepository;
import io.shelfwise.testing.InMemoryEventStore;
import io.shelfwise.testing.InMemoryItemStore;
import io.shelfwise.testing.InMemoryOnboardingStore;
import io.shelfwise.testing.InMemoryTenantRepository;
import io.shelfwise.testing.MutableClock;
import io.shelfwise.testing.MapTenantCaches;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The onboarding workflow over in-memory stores: a process that dies inside any step resumes on restart and
 * creates nothing twice; steps run only in an order their dependencies allow; a model that loses the gate still
 * goes live.
 */
class OnboardingServiceTest {
    private static final PlatformNaming NAMING = new PlatformNaming("sw", "bucket", "eu-west-1", "123456789012",
            "oidc.example/id/1");
    private static final TenantId SHOP = new TenantId("crashy-shop");
    private static final int ITEMS = 30;
    // More than two import batches, so a crash inside the import leaves a partial history behind.
    private static final int EVENTS = 12_000;

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryOnboardingStore store = new InMemoryOnboardingStore();
    private final TenancyService tenancy = new TenancyService(new InMemoryTenantRepository(),
            new InMemoryApiKeyRepository(), TierPolicies.defaults(), new ApiKeySecrets(new SecureRandom()), clock,
            Duration.ZERO);
    private final InMemoryItemStore items = new InMemoryItemStore();
    private final CatalogService catalog = new CatalogService(items, new MapTenantCaches());
    private final InMemoryEventStore eventStore = new InMemoryEventStore();
    private final EventService events = new EventService(eventStore, clock);
    private final List<String> calls = new ArrayList<>();
    /** The tenant each adapter call was made for: every one must be the onboarded tenant's. */
    private final List<TenantId> scopes = new ArrayList<>();
    private final AtomicInteger trainings = new AtomicInteger();
    private String promoted = "PROMOTED";
    private OnboardingStep crashIn;

    /** The process dies here (an Error, not an exception the workflow would record as a failure). */
    private static final class Crash extends Error {
        Crash(OnboardingStep step) {
            super("process killed in " + step);
        }
    }

    private void maybeCrash(OnboardingStep step) {
        if (step == crashIn) {
            crashIn = null;
            throw new Crash(step);
        }
    }

    private OnboardingService service() {
        OnboardingService.Ports ports = new OnboardingService.Ports(
                command -> {
                    Tenant t = tenancy.register(command);
                    maybeCrash(OnboardingStep.REGISTER);
                    return t;
                },
                tenancy,
                new ChangeTenantState() {
                    @Override
                    public Tenant update(TenantId id, TenantState newState, String newDisplayName) {
                        Tenant t = tenancy.update(id, newState, newDisplayName);
                        maybeCrash(OnboardingStep.ACTIVATE);
                        return t;
                    }

                    @Override
                    public Tenant moveToTier(TenantId id, Tier tier) {
                        return tenancy.moveToTier(id, tier);
                    }
                },
                new ManageApiKeys() {
                    @Override
                    public IssuedApiKey issue(TenantId tenant, String label) {
                        IssuedApiKey issued = tenancy.issue(tenant, label);
                        maybeCrash(OnboardingStep.API_KEY);
                        return issued;
                    }

                    @Override
                    public List<ApiKey> list(TenantId tenant) {
                        return tenancy.list(tenant);
                    }

                    @Override
                    public IssuedApiKey rotate(TenantId tenant, ApiKeyId key, Duration grace) {
                        return tenancy.rotate(tenant, key, grace);
                    }

                    @Override
                    public void revoke(TenantId tenant, ApiKeyId key) {
                        tenancy.revoke(tenant, key);
                    }
                },
                new TenantIdentity() {
                    @Override
                    public String ensure(IsolationPolicy policy) {
                        calls.add("identity.ensure");
                        scopes.add(policy.tenant());
                        maybeCrash(OnboardingStep.IDENTITY);
                        return "arn:aws:iam::123456789012:role/sw-" + policy.tenant().value();
                    }

                    @Override
                    public void remove(TenantId tenant) {
                        calls.add("identity.remove");
                    }
                },
                new TenantDataStores() {
                    @Override
                    public void ensure(TenantScope scope) {
                        calls.add("dataStores.ensure");
                        scopes.add(scope.tenant());
                        maybeCrash(OnboardingStep.DATA_STORES);
                    }

                    @Override
                    public void remove(TenantScope scope) {
                        calls.add("dataStores.remove");
                    }
                },
                new TenantInfrastructure() {
                    @Override
                    public void apply(TenantPlacement placement) {
                        calls.add("infrastructure.apply " + placement.roleArn());
                        scopes.add(placement.tenant());
                        maybeCrash(OnboardingStep.PLACEMENT);
                    }

                    @Override
                    public void remove(TenantId tenant) {
                        calls.add("infrastructure.remove");
                    }

                    @Override
                    public java.util.Optional<String> dedicatedEndpoint(TenantId tenant, boolean siloed) {
                        return siloed ? java.util.Optional.of("https://" + tenant.value() + ".shops.example")
                                : java.util.Optional.empty();
                    }
                },
                new UpsertItems() {
                    @Override
                    public int upsert(TenantAccess caller, List<Item> batch) {
                        scopes.add(caller.tenantId());
                        int n = catalog.upsert(caller, batch);
                        maybeCrash(OnboardingStep.IMPORT_CATALOG);
                        return n;
                    }

                    @Override
                    public void checkBatchSize(int size) {
                        catalog.checkBatchSize(size);
                    }
                },
                new TrackEvents() {
                    @Override
                    public TrackResult track(TenantAccess caller, List<ShopperEvent> batch) {
                        scopes.add(caller.tenantId());
                        TrackResult r = events.track(caller, batch);
                        maybeCrash(OnboardingStep.IMPORT_EVENTS);
                        return r;
                    }

                    @Override
                    public TrackResult importHistory(TenantAccess caller, List<ShopperEvent> batch) {
                        scopes.add(caller.tenantId());
                        TrackResult r = events.importHistory(caller, batch);
                        maybeCrash(OnboardingStep.IMPORT_EVENTS);
                        return r;
                    }

                    @Override
                    public void checkBatchSize(int size) {
                        events.checkBatchSize(size);
                    }

                    @Override
                    public Instant latestAcceptedTimestamp() {
                        return events.latestAcceptedTimestamp();
                    }
                },
                new TrainModels() {
                    @Override
                    public TrainingRun startTraining(TenantId tenant) {
                        trainings.incrementAndGet();
                        maybeCrash(OnboardingStep.TRAIN);
                        return run("run-" + trainings.get());
                    }

                    @Override
                    public TrainingRun startTraining(TenantId tenant,
                                                     io.shelfwise.recommendation.training.TrainingOptions recipe) {
                        return startTraining(tenant);
                    }

                    @Override
                    public TrainingRun trainingRun(TenantId tenant, String runId) {
                        return run(runId);
                    }

                    @Override
                    public List<TrainingRun> trainingRuns(TenantId tenant) {
                        return List.of();
                    }
                },
                new io.shelfwise.onboarding.port.out.DataStaging() {
                    @Override
                    public String stage(TenantId tenant, String location) {
                        return location;
                    }

                    @Override
                    public String exportDirectory(TenantId tenant, String location) {
                        return location;
                    }

                    @Override
                    public void publish(TenantId tenant, String localDirectory, String location) {
                    }
                },
                initialData(),
                new TenantServing() {
                    @Override
                    public void warm(TenantId tenant) {
                        calls.add("serving.warm");
                        scopes.add(tenant);
                        maybeCrash(OnboardingStep.DEPLOY);
                    }

                    @Override
                    public String smokeTest(TenantId tenant, String endpoint, String apiKey, String shopper,
                                            String item) {
                        calls.add("smoke " + shopper + " " + item + (endpoint == null ? "" : " at " + endpoint));
                        maybeCrash(OnboardingStep.SMOKE_TEST);
                        assertNotNull(tenancy.authenticate(apiKey), "the smoke test gets the tenant's live key");
                        scopes.add(tenancy.authenticate(apiKey).tenantId());
                        return null;
                    }
                },
                new io.shelfwise.onboarding.port.out.TenantRecords() {
                    @Override
                    public Map<String, Long> export(TenantId tenant, String location) {
                        return Map.of();
                    }

                    @Override
                    public void erase(TenantId tenant) {
                        calls.add("records.erase");
                    }

                    @Override
                    public void eraseAllButOnboardings(TenantId tenant) {
                        calls.add("records.eraseAllButOnboardings " + tenant);
                    }

                    @Override
                    public Map<String, Long> count(TenantId tenant) {
                        return Map.of();
                    }
                });
        return new OnboardingService(store, ports, NAMING, new OnboardingService.Settings(0.05, Duration.ofMinutes(1),
                Duration.ZERO), clock, UUID::randomUUID, Runnable::run);
    }

    private TrainingRun run(String id) {
        return new TrainingRun(id, TrainingRun.State.valueOf(promoted), clock.instant(), clock.instant(),
                clock.instant(), 10, 10, List.of(), Duration.ZERO, null, promoted.equals("PROMOTED") ? 1 : null,
                promoted.equals("PROMOTED") ? "led popularity by 12 %" : "lost to popularity by 3 %");
    }

    private InitialData initialData() {
        return new InitialData() {
            @Override
            public Rows<ItemRow> catalog(TenantId tenant, String location) {
                List<Row<ItemRow>> rows = new ArrayList<>();
                for (int i = 0; i < ITEMS; i++) {
                    rows.add(new Row<>(i + 1, new ItemRow("sku-" + i, "Item " + i, "Acme", List.of("Shoes"),
                            BigDecimal.TEN, "EUR", true, Map.of()), null, null));
                }
                return rows(rows);
            }

            @Override
            public Rows<EventRow> events(TenantId tenant, String location) {
                List<Row<EventRow>> rows = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                    rows.add(new Row<>(i + 1, new EventRow("e-" + i, "view", "u-" + (i % 40), null,
                            List.of("sku-" + (i % ITEMS)), null, null, null, null, null,
                            clock.instant().minus(Duration.ofMinutes(EVENTS - i)).toString()), null, null));
                }
                return rows(rows);
            }
        };
    }

    private static <T> InitialData.Rows<T> rows(List<InitialData.Row<T>> all) {
        Iterator<InitialData.Row<T>> it = all.iterator();
        return new InitialData.Rows<>() {
            private long read;

            @Override
            public long bytesRead() {
                return read;
            }

            @Override
            public long totalBytes() {
                return all.size();
            }

            @Override
            public void close() {
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public InitialData.Row<T> next() {
                read++;
                return it.next();
            }
        };
    }

    private OnboardingRequest request() {
        return new OnboardingRequest(SHOP, "Crashy Shop", Tier.PREMIUM, "ops@crashy.example", "/data/crashy");
    }

    @Test
    void every_step_runs_once_in_an_order_its_dependencies_allow() {
        OnboardingRun run = service().start(request());
        OnboardingRun done = store.find(run.id()).orElseThrow();
        assertEquals(RunState.SUCCEEDED, done.state());
        for (StepRecord step : done.steps().values()) {
            assertEquals(StepState.DONE, step.state(), step.step().name());
            assertEquals(1, step.attempts(), step.step().name());
            for (OnboardingStep before : step.step().dependsOn()) {
                assertTrue(!done.step(before).finishedAt().isAfter(step.startedAt()), before + " before " + step.step());
            }
        }
        assertEquals(List.of("identity.ensure", "dataStores.ensure",
                "infrastructure.apply arn:aws:iam::123456789012:role/sw-crashy-shop", "serving.warm",
                "smoke u-0 sku-0 at https://crashy-shop.shops.example"), calls,
                "a siloed (premium) tenant is smoke-tested through its own dedicated endpoint");
        assertEquals(ITEMS, items.count(SHOP));
        assertEquals(EVENTS, eventStore.eventsOf(SHOP).size());
        assertEquals(TenantState.ACTIVE, tenancy.get(SHOP).state());
        assertTrue(done.step(OnboardingStep.GATE).output().startsWith("model v1 promoted"));
        assertTrue(scopes.size() >= 8, scopes.toString());
        assertTrue(scopes.stream().allMatch(SHOP::equals), () -> "every adapter call is in the tenant's scope: " + scopes);
    }

    @Test
    void a_cancelled_onboarding_undoes_its_steps_newest_first_and_erases_the_tenant() {
        crashIn = OnboardingStep.TRAIN;
        OnboardingService first = service();
        assertThrows(Crash.class, () -> first.start(request()));
        OnboardingRun crashed = store.list().get(0);
        OnboardingRun cancelled = service().cancel(crashed.id());
        OnboardingRun after = store.find(cancelled.id()).orElseThrow();
        assertEquals(RunState.CANCELLED, after.state());
        assertEquals(List.of("infrastructure.remove", "dataStores.remove", "identity.remove",
                "records.eraseAllButOnboardings crashy-shop"), calls.subList(calls.indexOf("infrastructure.remove"),
                calls.size()), "newest first, the tenant's records last");
        assertEquals(StepState.COMPENSATED, after.step(OnboardingStep.REGISTER).state());
        assertTrue(tenancy.list(SHOP).stream().allMatch(k -> k.revokedAt() != null), "its keys are revoked");
        assertNull(after.apiKeySecret());
    }

    @ParameterizedTest(name = "killed in {0}")
    @EnumSource(value = OnboardingStep.class, names = {"GATE"}, mode = EnumSource.Mode.EXCLUDE)
    void a_process_killed_inside_any_step_resumes_there_and_creates_nothing_twice(OnboardingStep step) {
        crashIn = step;
        OnboardingService first = service();
        assertThrows(Crash.class, () -> first.start(request()));
        OnboardingRun crashed = store.list().get(0);
        assertEquals(RunState.RUNNING, crashed.state());
        assertEquals(StepState.RUNNING, crashed.step(step).state(), "the step was under way when it died");

        service().resumeUnfinished();

        OnboardingRun done = store.find(crashed.id()).orElseThrow();
        assertEquals(RunState.SUCCEEDED, done.state(), () -> done.steps().toString());
        assertEquals(2, done.step(step).attempts());
        assertEquals(1, tenancy.list().size());
        assertEquals(ITEMS, items.count(SHOP));
        assertEquals(EVENTS, eventStore.eventsOf(SHOP).size(), "no event imported twice");
        List<ApiKey> live = tenancy.list(SHOP).stream().filter(k -> k.revokedAt() == null).toList();
        assertEquals(1, live.size(), "a key issued by the dead attempt is revoked, one key is live");
        assertEquals(live.get(0).id().value(), done.step(OnboardingStep.API_KEY).output());
        assertEquals(TenantState.ACTIVE, tenancy.get(SHOP).state());
        assertNotNull(service().get(done.id()).apiKeySecret());
        assertNull(service().get(done.id()).apiKeySecret(), "the key is handed over once");
    }

    @Test
    void a_watcher_is_told_the_run_as_it_stands_then_every_change_in_order_until_it_stops_watching()
            throws Exception {
        crashIn = OnboardingStep.IMPORT_CATALOG;
        OnboardingService first = service();
        assertThrows(Crash.class, () -> first.start(request()));
        OnboardingRun crashed = store.list().get(0);
        OnboardingService second = service();
        List<OnboardingRun> seen = new ArrayList<>();
        AutoCloseable watching = second.watch(crashed.id(), seen::add);
        assertEquals(1, seen.size(), "the run as it stands, at once");
        assertEquals(StepState.RUNNING, seen.get(0).step(OnboardingStep.IMPORT_CATALOG).state());
        List<OnboardingRun> stopped = new ArrayList<>();
        second.watch(crashed.id(), stopped::add).close();
        second.watch(crashed.id(), run -> {
            throw new IllegalStateException("a stream whose client went away");
        });

        second.resumeUnfinished();
        watching.close();

        assertEquals(RunState.SUCCEEDED, seen.get(seen.size() - 1).state(), "a failing watcher fails nothing");
        assertTrue(seen.stream().anyMatch(r -> r.step(OnboardingStep.TRAIN).state() == StepState.RUNNING),
                "a step is seen while it runs");
        long done = -1;
        for (OnboardingRun run : seen) {
            long now = run.steps().values().stream().filter(r -> r.state() == StepState.DONE).count();
            assertTrue(now >= done, "changes arrive in order: " + seen);
            done = now;
        }
        assertTrue(seen.stream().allMatch(r -> r.apiKeySecret() == null), "a watcher never sees the key");
        assertNotNull(second.get(crashed.id()).apiKeySecret(), "watching did not use up the key's one showing");
        assertEquals(1, stopped.size(), "nothing after the watcher stopped");
        assertThrows(NotFoundException.class, () -> second.watch("onb-missing", seen::add));
    }

    @Test
    void a_run_another_live_process_drives_is_left_to_it_and_resumed_once_its_lease_ran_out() {
        crashIn = OnboardingStep.IMPORT_CATALOG;
        OnboardingService first = service();
        assertThrows(Crash.class, () -> first.start(request()));
        OnboardingRun crashed = store.list().get(0);
        // Another replica is driving it right now (say, the old pod of a rolling restart).
        assertTrue(store.claim(crashed.id(), "process-elsewhere", clock.instant(),
                clock.instant().plus(OnboardingService.LEASE)));

        service().resumeUnfinished();
        assertEquals(RunState.RUNNING, store.find(crashed.id()).orElseThrow().state());
        assertEquals(1, store.find(crashed.id()).orElseThrow().step(OnboardingStep.IMPORT_CATALOG).attempts(),
                "not touched while the other process holds it");

        clock.advance(OnboardingService.LEASE.plusSeconds(1));
        service().resumeUnfinished();
        assertEquals(RunState.SUCCEEDED, store.find(crashed.id()).orElseThrow().state());
    }

    @Test
    void a_first_model_that_loses_the_gate_still_goes_live_on_popularity_and_co_occurrence_and_says_so() {
        promoted = "REJECTED";
        OnboardingRun run = service().start(request());
        OnboardingRun done = store.find(run.id()).orElseThrow();
        assertEquals(RunState.SUCCEEDED, done.state());
        String gate = done.step(OnboardingStep.GATE).output();
        assertTrue(gate.contains("did not pass the gate (lost to popularity by 3 %)"), gate);
        assertTrue(gate.contains("popularity and co-occurrence"), gate);
    }

    @Test
    void an_existing_tenant_or_a_second_onboarding_of_the_same_one_is_a_conflict() {
        tenancy.register(RegisterTenantCommand.of("taken-shop", "Taken", "standard"));
        assertThrows(ConflictException.class, () -> service().start(new OnboardingRequest(new TenantId("taken-shop"),
                "Again", Tier.STANDARD, null, null)));
        crashIn = OnboardingStep.IDENTITY;
        OnboardingService first = service();
        assertThrows(Crash.class, () -> first.start(request()));
        assertThrows(ConflictException.class, () -> service().start(request()));
    }

    @Test
    void two_onboardings_keep_to_their_own_tenant() {
        OnboardingRun a = service().start(request());
        OnboardingRun b = service().start(new OnboardingRequest(new TenantId("other-shop"), "Other", Tier.STANDARD,
                null, "/data/other"));
        assertEquals(RunState.SUCCEEDED, store.find(a.id()).orElseThrow().state());
        assertEquals(RunState.SUCCEEDED, store.find(b.id()).orElseThrow().state());
        assertEquals(EVENTS, eventStore.eventsOf(SHOP).size());
        assertEquals(EVENTS, eventStore.eventsOf(new TenantId("other-shop")).size());
        TierPolicy standard = tenancy.policyOf(Tier.STANDARD);
        assertEquals(standard, tenancy.policyOf(tenancy.get(new TenantId("other-shop"))));
    }
}
