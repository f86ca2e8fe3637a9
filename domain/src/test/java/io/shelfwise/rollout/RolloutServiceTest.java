package io.shelfwise.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.common.ConflictException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.recommendation.ServedLists;
import io.shelfwise.recommendation.port.in.ManageModels;
import io.shelfwise.recommendation.port.in.TrainModels;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.registry.TrainingSummary;
import io.shelfwise.recommendation.training.TrainingOptions;
import io.shelfwise.recommendation.training.TrainingRun;
import io.shelfwise.rollout.port.out.AppDeployments;
import io.shelfwise.tenancy.ApiKeySecrets;
import io.shelfwise.tenancy.TenancyService;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TierPolicies;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import io.shelfwise.testing.ClickThroughBeforeAndAfter;
import io.shelfwise.testing.InMemoryApiKeyRepository;
import io.shelfwise.testing.InMemoryRolloutStore;
import io.shelfwise.testing.InMemoryTenantRepository;
import io.shelfwise.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rollouts over in-memory tenancy and a fake registry in which a recipe of 8 factors or more beats a tenant's
 * model and a smaller one loses its gate. The driver runs on the calling thread, so each start or resume runs to
 * its end before returning.
 */
class RolloutServiceTest {
    private static final Recipe BETTER = new Recipe(32, 10, 0.05, 0.1);
    private static final Recipe WORSE = new Recipe(2, 1, 0.05, 0.1);

    private final MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
    private final TenancyService tenancy = new TenancyService(new InMemoryTenantRepository(),
            new InMemoryApiKeyRepository(), TierPolicies.defaults(), new ApiKeySecrets(new SecureRandom()), clock,
            Duration.ZERO);
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final Map<String, String[]> leases = store.leases;
    private final AtomicInteger stepSaves = store.stepSaves;
    private final Registry registry = new Registry();
    private final Map<TenantId, String> unhealthy = new HashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    RolloutServiceTest() {
        for (String[] t : new String[][]{{"canary-shop", "standard"}, {"std-a", "standard"}, {"std-b", "standard"},
            {"prem-a", "premium"}, {"ent-a", "enterprise"}}) {
            tenancy.register(RegisterTenantCommand.of(t[0], t[0], t[1]));
            tenancy.update(new TenantId(t[0]), io.shelfwise.tenancy.TenantState.ACTIVE, null);
            registry.versions.put(new TenantId(t[0]), new ArrayList<>(List.of(version(1, ModelVersion.Status.ACTIVE))));
        }
    }

    private final ClickThroughBeforeAndAfter attribution = new ClickThroughBeforeAndAfter();
    private final Deployments deployments = new Deployments();
    private boolean unhealthyThrowsOnce;

    private RolloutService service() {
        return service(deployments);
    }

    private RolloutService service(AppDeployments apps) {
        return new RolloutService(tenancy, registry, registry,
                (tenant, window) -> {
                    if (unhealthyThrowsOnce) {
                        unhealthyThrowsOnce = false;
                        throw new IllegalStateException("the process stopped here");
                    }
                    return Optional.ofNullable(unhealthy.get(tenant));
                }, attribution, apps, store, clock,
                () -> "r" + ids.incrementAndGet(), Runnable::run,
                new RolloutService.Settings(Duration.ofMillis(1), Duration.ofMinutes(5), 42, Duration.ZERO,
                        Duration.ofMinutes(2), Duration.ofHours(24), new ClickThroughGate(200, 0.10)));
    }

    @Test
    void a_promoted_tenant_whose_click_through_falls_is_rolled_back_and_halts_the_wave() {
        attribution.set(new TenantId("canary-shop"), new ServedLists(2_000, 240), new ServedLists(1_800, 90));
        Rollout halted = done(service().start(BETTER, List.of(new TenantId("canary-shop")), 0));
        assertEquals(Rollout.State.HALTED, halted.state(), halted.message());
        TenantStep canary = halted.tenants().getFirst();
        assertEquals(TenantStep.State.ROLLED_BACK, canary.state());
        assertEquals(1, registry.active(new TenantId("canary-shop")));
        assertEquals(List.of("canary-shop"), registry.trained);
        assertTrue(canary.message().contains("click-through fell from 12.0 % of 2,000 lists to 5.0 % of 1,800"),
                canary.message());
    }

    @Test
    void click_through_that_holds_or_is_too_thin_to_judge_passes_and_stays_on_record() {
        attribution.set(new TenantId("canary-shop"), new ServedLists(2_000, 240), new ServedLists(1_800, 230));
        attribution.set(new TenantId("std-a"), new ServedLists(150, 40), new ServedLists(120, 0));
        Rollout completed = done(service().start(BETTER, List.of(new TenantId("canary-shop")), 0));
        assertEquals(Rollout.State.COMPLETED, completed.state(), completed.message());
        assertTrue(completed.tenants().getFirst().message().contains("click-through 12.0 % of 2,000 lists before, "
                + "12.8 % of 1,800 lists after"), completed.tenants().getFirst().message());
        assertTrue(completed.tenants().stream().allMatch(s -> s.at() != null), "every step says when");
    }

    @Test
    void an_image_reaches_the_siloed_canary_then_the_pool_once_then_each_siloed_tenant() {
        Rollout done = done(service().startImage("registry.example.com/shelfwise:2.0", List.of(new TenantId("prem-a")),
                0));
        assertEquals(Rollout.State.COMPLETED, done.state(), done.message());
        assertEquals(List.of("tenant prem-a", "the pool", "tenant ent-a"), deployments.updates);
        assertEquals(List.of(Wave.CANARY, Wave.STANDARD, Wave.STANDARD, Wave.STANDARD, Wave.ENTERPRISE),
                done.tenants().stream().map(TenantStep::wave).toList());
        for (TenantStep s : done.tenants()) {
            assertEquals(TenantStep.State.UPDATED, s.state(), s.toString());
            assertEquals("registry.example.com/shelfwise:1.0", s.previousImage());
        }
        assertEquals("registry.example.com/shelfwise:2.0", deployments.images.get(AppDeployments.Workload.POOL));
        assertEquals(List.of(), registry.trained, "an image trains nothing");
    }

    @Test
    void an_image_that_never_rolls_out_on_the_canary_halts_there_rolls_it_back_and_leaves_the_pool_alone() {
        deployments.broken.add("registry.example.com/shelfwise:bad");
        Rollout halted = done(service().startImage("registry.example.com/shelfwise:bad",
                List.of(new TenantId("ent-a")), 0));
        assertEquals(Rollout.State.HALTED, halted.state());
        assertTrue(halted.message().contains("wave canary"), halted.message());
        TenantStep canary = halted.tenants().getFirst();
        assertEquals(TenantStep.State.ROLLED_BACK, canary.state());
        assertTrue(canary.message().contains("CrashLoopBackOff"), canary.message());
        assertEquals("registry.example.com/shelfwise:1.0", deployments.images.get(
                AppDeployments.Workload.of(new TenantId("ent-a"))), "back on the image it ran");
        assertEquals(List.of("tenant ent-a", "tenant ent-a"), deployments.updates, "out, then back; nothing else");
        assertTrue(halted.tenants().stream().skip(1).allMatch(s -> s.state() == TenantStep.State.PENDING));
    }

    @Test
    void an_image_rollout_whose_process_is_replaced_mid_update_resumes_by_waiting_again() {
        deployments.dieOnce = AppDeployments.Workload.POOL;
        assertThrows(ProcessDied.class, () -> service().startImage("registry.example.com/shelfwise:2.0", List.of(),
                0));
        Rollout cut = store.list().getFirst();
        assertEquals(Rollout.State.RUNNING, cut.state());
        assertTrue(cut.tenants().stream().filter(s -> s.wave() == Wave.STANDARD)
                .allMatch(s -> s.state() == TenantStep.State.UPDATING), cut.tenants().toString());

        clock.advance(Duration.ofMinutes(3));
        service().resumeUnfinished();
        Rollout resumed = done(cut);
        assertEquals(Rollout.State.COMPLETED, resumed.state(), resumed.message());
        assertTrue(resumed.tenants().stream().allMatch(s -> "registry.example.com/shelfwise:1.0"
                .equals(s.previousImage())), "the image before the change, not the one the first try set");
    }

    @Test
    void a_rollout_over_many_tenants_reads_its_whole_record_a_few_times_per_wave_not_once_per_tenant() {
        for (int i = 0; i < 200; i++) {
            String id = "many-" + i;
            tenancy.register(RegisterTenantCommand.of(id, id, i % 2 == 0 ? "standard" : "premium"));
            tenancy.update(new TenantId(id), io.shelfwise.tenancy.TenantState.ACTIVE, null);
        }
        Rollout done = done(service().startImage("registry.example.com/shelfwise:2.0", List.of(), 0));
        assertEquals(Rollout.State.COMPLETED, done.state(), done.message());
        assertEquals(205, done.tenants().size());
        assertTrue(store.wholeReads.get() < 20, "whole reads: " + store.wholeReads.get());
        assertEquals(1 + 101 + 1, deployments.updates.size(), "the pool once, each siloed tenant once");
    }

    @Test
    void a_driver_that_stops_before_a_waves_gate_judges_that_wave_when_the_rollout_resumes() {
        // The canary is promoted, then the process stops before the gate ran (here: the gate's health check dies).
        unhealthyThrowsOnce = true;
        service().start(BETTER, List.of(new TenantId("canary-shop")), 0);
        Rollout cut = store.list().getFirst();
        assertEquals(Rollout.State.RUNNING, cut.state());
        assertEquals(TenantStep.State.PROMOTED, cut.tenants().getFirst().state());
        assertEquals(TenantStep.State.PENDING, cut.tenants().get(1).state());

        // Meanwhile the canary serves badly: the resumed driver judges the canary wave before the next one.
        unhealthy.put(new TenantId("canary-shop"), "p99 500 ms over the tier's 300 ms");
        clock.advance(Duration.ofMinutes(3));
        service().resumeUnfinished();
        Rollout halted = done(cut);
        assertEquals(Rollout.State.HALTED, halted.state(), halted.message());
        assertEquals(TenantStep.State.ROLLED_BACK, halted.tenants().getFirst().state());
        assertEquals(List.of("canary-shop"), registry.trained, "the standard wave never started");
    }

    @Test
    void image_rollouts_refuse_pooled_canaries_bad_references_and_platforms_without_deployments() {
        RolloutService service = service();
        ValidationException pooled = assertThrows(ValidationException.class,
                () -> service.startImage("shelfwise:2.0", List.of(new TenantId("std-a")), 0));
        assertTrue(pooled.getMessage().contains("pooled"), pooled.getMessage());
        assertThrows(ValidationException.class, () -> service.startImage("Not An Image", List.of(), 0));
        AppDeployments none = new Deployments() {
            @Override
            public Optional<String> unavailable() {
                return Optional.of("one process");
            }
        };
        assertThrows(ConflictException.class, () -> service(none).startImage("shelfwise:2.0", List.of(), 0));
        assertTrue(store.list().isEmpty(), "nothing planned");
    }

    /** A process that stops dead (its pod replaced), not an error it could handle. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("the pod was replaced");
        }
    }

    /** Workloads that start on 1.0 and roll out any image at once, except broken ones, which crash-loop. */
    private static class Deployments implements AppDeployments {
        final Map<Workload, String> images = new HashMap<>();
        final List<String> updates = new ArrayList<>();
        final java.util.Set<String> broken = new java.util.HashSet<>();
        Workload dieOnce;

        @Override
        public Optional<String> unavailable() {
            return Optional.empty();
        }

        @Override
        public String image(Workload workload) {
            return images.getOrDefault(workload, "registry.example.com/shelfwise:1.0");
        }

        @Override
        public void setImage(Workload workload, String image) {
            if (!image.equals(image(workload))) {
                updates.add(workload.toString());
            }
            images.put(workload, image);
        }

        @Override
        public boolean gaveUp(Workload workload) {
            return broken.contains(image(workload));
        }

        @Override
        public Optional<String> awaitRolledOut(Workload workload, String image, Duration timeout) {
            if (workload.equals(dieOnce)) {
                dieOnce = null;
                throw new ProcessDied();
            }
            return broken.contains(image) ? Optional.of("Deployment shelfwise did not roll out " + image
                    + ": CrashLoopBackOff (0 of 2 replicas available)") : Optional.empty();
        }
    }

    @Test
    void a_better_recipe_reaches_every_wave_in_order_and_completes() {
        Rollout done = service().start(BETTER, List.of(new TenantId("canary-shop")), 0);
        assertEquals(Rollout.State.COMPLETED, done(done).state());
        assertEquals(List.of("canary-shop", "std-a", "std-b", "prem-a", "ent-a"), registry.trained);
        assertEquals(List.of(Wave.CANARY, Wave.STANDARD, Wave.STANDARD, Wave.PREMIUM, Wave.ENTERPRISE),
                done(done).tenants().stream().map(TenantStep::wave).toList());
        for (TenantStep s : done(done).tenants()) {
            assertEquals(TenantStep.State.PROMOTED, s.state());
            assertEquals(1, s.previousVersion());
            assertEquals(2, s.newVersion());
            assertEquals(2, registry.active(s.tenant()));
        }
        assertEquals(32, registry.recipes.getFirst().factors(), "each tenant trains with the rollout's recipe");
        assertEquals(42, registry.recipes.getFirst().seed());
        assertEquals(10, stepSaves.get(), "each tenant's step written alone: training, then its result");
    }

    @Test
    void a_worse_recipe_halts_in_its_first_wave_and_leaves_later_waves_untouched() {
        Rollout halted = done(service().start(WORSE, List.of(new TenantId("canary-shop")), 0));
        assertEquals(Rollout.State.HALTED, halted.state());
        assertTrue(halted.message().contains("wave canary"), halted.message());
        assertEquals(List.of("canary-shop"), registry.trained, "no later wave trained");
        assertEquals(TenantStep.State.REJECTED, halted.tenants().getFirst().state());
        assertTrue(halted.tenants().stream().skip(1).allMatch(s -> s.state() == TenantStep.State.PENDING));
        assertEquals(1, registry.active(new TenantId("std-a")));
    }

    @Test
    void a_wave_that_loses_more_than_its_share_rolls_back_the_tenants_it_promoted() {
        registry.losers.add(new TenantId("std-b"));
        Rollout halted = done(service().start(BETTER, List.of(), 0.3));
        assertEquals(Rollout.State.HALTED, halted.state(), halted.message());
        TenantStep a = halted.tenants().stream().filter(s -> s.tenant().value().equals("std-a")).findFirst()
                .orElseThrow();
        assertEquals(TenantStep.State.ROLLED_BACK, a.state());
        assertEquals(1, registry.active(new TenantId("std-a")), "back on the model it had");
        assertEquals(List.of("canary-shop", "std-a", "std-b"), registry.trained, "the standard wave only");
        assertEquals(1, registry.active(new TenantId("prem-a")));
    }

    @Test
    void a_promoted_tenant_that_serves_unhealthily_counts_as_lost_and_is_rolled_back() {
        unhealthy.put(new TenantId("canary-shop"), "p99 500 ms over the tier's 300 ms");
        Rollout halted = done(service().start(BETTER, List.of(new TenantId("canary-shop")), 0));
        assertEquals(Rollout.State.HALTED, halted.state());
        TenantStep canary = halted.tenants().getFirst();
        assertEquals(TenantStep.State.ROLLED_BACK, canary.state());
        assertEquals(1, registry.active(new TenantId("canary-shop")), "back on v1");
        assertEquals(List.of("canary-shop"), registry.trained);
        assertTrue(halted.message().contains("served unhealthily"), halted.message());
    }

    @Test
    void a_loss_within_the_allowed_share_does_not_halt() {
        registry.losers.add(new TenantId("std-b"));
        assertEquals(Rollout.State.COMPLETED, done(service().start(BETTER, List.of(), 0.5)).state());
    }

    @Test
    void a_rollout_cut_off_mid_wave_resumes_without_training_a_finished_tenant_again() {
        registry.crashOn = new TenantId("std-b");
        Rollout cut = done(service().start(BETTER, List.of(new TenantId("canary-shop")), 0));
        assertEquals(Rollout.State.RUNNING, cut.state(), "the driver died; the record still says running");
        assertEquals(TenantStep.State.TRAINING, cut.tenants().get(2).state());

        registry.crashOn = null;
        service().resumeUnfinished();
        Rollout resumed = done(cut);
        assertEquals(Rollout.State.COMPLETED, resumed.state());
        assertEquals(List.of("canary-shop", "std-a", "std-b", "std-b", "prem-a", "ent-a"), registry.trained,
                "only the tenant whose run died trains again");
    }

    @Test
    void a_rollout_another_live_process_drives_is_left_alone_until_its_lease_runs_out() {
        registry.crashOn = new TenantId("std-a");
        Rollout cut = done(service().start(BETTER, List.of(), 0));
        assertEquals(Rollout.State.RUNNING, cut.state());
        leases.put(cut.id(), new String[]{"driver-elsewhere", clock.instant().plusSeconds(60).toString()});
        registry.crashOn = null;

        service().resumeUnfinished();
        assertEquals(Rollout.State.RUNNING, done(cut).state(), "another replica holds it");
        assertEquals(List.of("canary-shop", "std-a"), registry.trained);

        clock.advance(Duration.ofSeconds(61));
        service().resumeUnfinished();
        assertEquals(Rollout.State.COMPLETED, done(cut).state(), "taken over once that lease ran out");
        assertTrue(leases.get(cut.id()) == null, "released when done");
    }

    @Test
    void pause_resume_and_abort_are_refused_where_they_make_no_sense() {
        RolloutService service = service();
        Rollout done = service.start(BETTER, List.of(), 0);
        assertThrows(ConflictException.class, () -> service.pause(done.id()));
        assertThrows(ConflictException.class, () -> service.resume(done.id()));
        assertThrows(ConflictException.class, () -> service.abort(done.id()));
        assertThrows(ValidationException.class, () -> service.start(BETTER, List.of(), 1.5));
        assertThrows(ValidationException.class, () -> new Recipe(0, 10, 0.05, 0.1));
        assertThrows(io.shelfwise.common.NotFoundException.class,
                () -> service.start(BETTER, List.of(new TenantId("nobody")), 0));
    }

    private Rollout done(Rollout r) {
        return store.find(r.id()).orElseThrow();
    }

    private static ModelVersion version(int v, ModelVersion.Status status) {
        return new ModelVersion(v, status, java.time.Instant.parse("2026-12-01T00:00:00Z"),
                java.time.Instant.parse("2026-12-01T00:00:00Z"),
                new TrainingSummary(1, 1, 1, 1, 8, 1, 0.1, Duration.ofSeconds(1)),
                new GateResult("popularity", "ndcg@20", 0.3, 0.2, 0.02, true, "ok", List.of()));
    }

    /** Training and registry: a run ends at once, promoted when the recipe is big enough and the tenant no loser. */
    private static final class Registry implements TrainModels, ManageModels {
        final Map<TenantId, List<ModelVersion>> versions = new HashMap<>();
        final Map<String, TrainingRun> runs = new HashMap<>();
        final List<String> trained = new ArrayList<>();
        final List<TrainingOptions> recipes = new ArrayList<>();
        final java.util.Set<TenantId> losers = new java.util.HashSet<>();
        TenantId crashOn;

        @Override
        public TrainingRun startTraining(TenantId tenant) {
            throw new AssertionError("a rollout always names its recipe");
        }

        @Override
        public TrainingRun startTraining(TenantId tenant, TrainingOptions recipe) {
            trained.add(tenant.value());
            recipes.add(recipe);
            String id = "run-" + runs.size();
            boolean wins = recipe.factors() >= 8 && !losers.contains(tenant);
            int v = versions.get(tenant).size() + 1;
            versions.get(tenant).add(version(v, ModelVersion.Status.REJECTED));
            if (wins) {
                promote(tenant, v);
            }
            TrainingRun.State end = tenant.equals(crashOn) ? TrainingRun.State.TRAINING
                    : wins ? TrainingRun.State.PROMOTED : TrainingRun.State.REJECTED;
            TrainingRun run = new TrainingRun(id, end, null, null, null, 1, 1, List.of(), Duration.ZERO, null, v,
                    wins ? "promoted" : "not better than v" + (v - 1));
            runs.put(id, run);
            return run;
        }

        @Override
        public TrainingRun trainingRun(TenantId tenant, String runId) {
            TrainingRun run = runs.get(runId);
            if (tenant.equals(crashOn)) {
                throw new IllegalStateException("the process died here");
            }
            return run;
        }

        @Override
        public List<TrainingRun> trainingRuns(TenantId tenant) {
            return List.of();
        }

        @Override
        public List<ModelVersion> modelVersions(TenantId tenant) {
            return List.copyOf(versions.get(tenant)).reversed();
        }

        @Override
        public ModelVersion modelVersion(TenantId tenant, int version) {
            return versions.get(tenant).get(version - 1);
        }

        @Override
        public ModelVersion promote(TenantId tenant, int version) {
            List<ModelVersion> all = versions.get(tenant);
            for (int i = 0; i < all.size(); i++) {
                ModelVersion v = all.get(i);
                all.set(i, v.withStatus(v.version() == version ? ModelVersion.Status.ACTIVE
                        : v.status() == ModelVersion.Status.ACTIVE ? ModelVersion.Status.INACTIVE : v.status()));
            }
            return all.get(version - 1);
        }

        @Override
        public ModelVersion rollback(TenantId tenant) {
            throw new UnsupportedOperationException();
        }

        int active(TenantId tenant) {
            return versions.get(tenant).stream().filter(v -> v.status() == ModelVersion.Status.ACTIVE)
                    .mapToInt(ModelVersion::version).findFirst().orElse(0);
        }
    }
}
