package io.shelfwise.rollout;

import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.fleet.port.in.CheckTenantHealth;
import io.shelfwise.recommendation.ServedLists;
import io.shelfwise.recommendation.port.in.ManageModels;
import io.shelfwise.recommendation.port.in.ReportAttribution;
import io.shelfwise.recommendation.port.in.TrainModels;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.training.TrainingRun;
import io.shelfwise.rollout.port.in.ManageRollouts;
import io.shelfwise.rollout.port.out.AppDeployments;
import io.shelfwise.rollout.port.out.AppDeployments.Workload;
import io.shelfwise.rollout.port.out.RolloutStore;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TierPolicy;
import io.shelfwise.tenancy.port.in.FindTenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Ships one change to the fleet through one process, in waves: the canaries, then the Standard, Premium and
 * Enterprise tenants. A <b>recipe</b> trains on each tenant and goes through the same gate as any training run
 * (against its own active model); a candidate that wins is promoted at once. An <b>image</b> changes the pool's one
 * Deployment (every pooled tenant at once, in the Standard wave) and each siloed tenant's own Deployment, each
 * waited on until it has rolled out. After each wave a health gate judges the tenants that got the change: their
 * live traffic after an observation window (errors, p99 against their tier's promise) and their click-through
 * against the same tenant's before the change; more losses than the allowed share halt the rollout, roll the
 * wave back (previous model, previous image) and leave every later wave untouched. Every step is saved before and
 * after it runs, so a process that dies mid-rollout (the pool's own pods are replaced by an image rollout) resumes
 * it on its next start ({@link #resumeUnfinished}) without changing a finished tenant again.
 */
public final class RolloutService implements ManageRollouts {
    private static final System.Logger LOG = System.getLogger(RolloutService.class.getName());

    private final FindTenants tenants;
    private final TrainModels training;
    private final ManageModels models;
    private final CheckTenantHealth health;
    private final ReportAttribution attribution;
    private final AppDeployments deployments;
    private final RolloutStore store;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Executor driver;
    private final Settings settings;
    private final Object lock = new Object();
    /** This process, as the owner of the rollouts it drives. */
    private final String owner;
    private final Set<String> driving = ConcurrentHashMap.newKeySet();
    /**
     * The rollouts this process drives, as last written: the driver is their steps' only writer, so it reads their
     * state line alone per step instead of every step of a rollout over thousands of tenants.
     */
    private final java.util.Map<String, Rollout> driven = new ConcurrentHashMap<>();

    /**
     * @param poll       how often a tenant's training run is looked at
     * @param timeout    how long one tenant's training, or one workload's rolling update, may take before it
     *                   counts as failed
     * @param seed       the seed every tenant's training uses
     * @param observe    how long a wave's changed tenants serve before their live traffic is judged (errors, p99,
     *                   click-through)
     * @param lease      how long this process holds a rollout it drives without renewing; another replica takes
     *                   over only after that
     * @param baseline   how far back before a tenant's change its click-through is measured to compare with after
     * @param clickGate  when a fall of click-through counts as a loss
     */
    public record Settings(Duration poll, Duration timeout, long seed, Duration observe, Duration lease,
                           Duration baseline, ClickThroughGate clickGate) {
        public Settings(Duration poll, Duration timeout, long seed, Duration observe, Duration lease) {
            this(poll, timeout, seed, observe, lease, Duration.ofHours(24), new ClickThroughGate(200, 0.10));
        }
    }

    /** name[:tag][@digest] with an optional registry host and path, as an OCI reference. */
    private static final Pattern IMAGE = Pattern.compile(
            "[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
                    + "(@sha256:[a-f0-9]{64})?");

    public RolloutService(FindTenants tenants, TrainModels training, ManageModels models, CheckTenantHealth health,
                          ReportAttribution attribution, AppDeployments deployments, RolloutStore store, Clock clock,
                          Supplier<String> ids, Executor driver, Settings settings) {
        this.tenants = tenants;
        this.training = training;
        this.models = models;
        this.health = health;
        this.attribution = attribution;
        this.deployments = deployments;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.driver = driver;
        this.settings = settings;
        this.owner = "driver-" + ids.get();
    }

    @Override
    public Rollout start(Recipe recipe, List<TenantId> canaries, double maxRejectedShare) {
        checkShare(maxRejectedShare);
        return plan(recipe, null, canaries, maxRejectedShare);
    }

    @Override
    public Rollout startImage(String image, List<TenantId> canaries, double maxRejectedShare) {
        checkShare(maxRejectedShare);
        if (image == null || !IMAGE.matcher(image).matches() || image.length() > 255) {
            throw ValidationException.of("image", "must be an image reference such as "
                    + "registry.example.com/shelfwise:1.4.2 (lower-case name, optional tag and digest), not "
                    + (image == null ? "missing" : "'" + image + "'"));
        }
        deployments.unavailable().ifPresent(why -> {
            throw new ConflictException("image rollouts cannot run here: " + why);
        });
        for (TenantId canary : canaries) {
            if (!siloed(tenants.get(canary))) {
                throw ValidationException.of("canaries", "tenant " + canary + " is pooled: it changes with the "
                        + "pool's one Deployment in the standard wave; name siloed (premium or enterprise) tenants "
                        + "as canaries of an image rollout");
            }
        }
        return plan(null, image, canaries, maxRejectedShare);
    }

    private static void checkShare(double maxRejectedShare) {
        if (!(maxRejectedShare >= 0 && maxRejectedShare < 1)) {
            throw ValidationException.of("maxRejectedShare", "must be at least 0 and below 1, not " + maxRejectedShare);
        }
    }

    private boolean siloed(Tenant t) {
        return tenants.policyOf(t).deploymentModel() == TierPolicy.DeploymentModel.SILOED;
    }

    /** The Deployment that serves the tenant: its own when its tier is siloed, else the pool's. */
    private Workload workloadOf(TenantId tenant) {
        return siloed(tenants.get(tenant)) ? Workload.of(tenant) : Workload.POOL;
    }

    /** An image reaches pooled tenants through the pool, in the standard wave, whatever their tier. */
    private Wave waveOf(Tenant t, boolean image) {
        return image && !siloed(t) ? Wave.STANDARD : Wave.of(t.tier());
    }

    private Rollout plan(Recipe recipe, String image, List<TenantId> canaries, double maxRejectedShare) {
        Set<TenantId> canarySet = new LinkedHashSet<>(canaries);
        List<TenantStep> steps = new ArrayList<>();
        for (TenantId canary : canarySet) {
            Tenant t = tenants.get(canary);
            if (!t.isServed()) {
                throw ValidationException.of("canaries", "tenant " + canary + " is not served (" + t.state() + ")");
            }
            steps.add(TenantStep.pending(canary, Wave.CANARY));
        }
        boolean isImage = image != null;
        tenants.list().stream().filter(Tenant::isServed).filter(t -> !canarySet.contains(t.id()))
                .map(t -> TenantStep.pending(t.id(), waveOf(t, isImage)))
                .sorted(Comparator.comparing(TenantStep::wave).thenComparing(s -> s.tenant().value()))
                .forEach(steps::add);
        Instant now = clock.instant();
        Rollout rollout = new Rollout("rol-" + ids.get(), recipe, image, maxRejectedShare, Rollout.State.RUNNING,
                now, now, steps, "planned: " + steps.size() + " tenants");
        store.save(rollout);
        LOG.log(System.Logger.Level.INFO, "event=rollout_started rollout=" + rollout.id() + " kind="
                + rollout.kind().wireName() + " tenants=" + steps.size());
        drive(rollout.id());
        return rollout;
    }

    @Override
    public Rollout get(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("rollout", id));
    }

    @Override
    public List<Rollout> list() {
        return store.list();
    }

    @Override
    public Rollout pause(String id) {
        Rollout paused = operator(id, r -> {
            if (r.state() != Rollout.State.RUNNING) {
                throw new ConflictException("rollout " + id + " is " + r.state().wireName() + ", not running");
            }
            return r.with(Rollout.State.PAUSED, r.tenants(), "paused by the operator", clock.instant());
        });
        return paused;
    }

    @Override
    public Rollout resume(String id) {
        Rollout resumed = operator(id, r -> {
            if (r.state() != Rollout.State.PAUSED) {
                throw new ConflictException("rollout " + id + " is " + r.state().wireName() + ", not paused");
            }
            return r.with(Rollout.State.RUNNING, r.tenants(), "resumed by the operator", clock.instant());
        });
        drive(id);
        return resumed;
    }

    @Override
    public Rollout abort(String id) {
        return operator(id, r -> {
            if (r.state().isFinal()) {
                throw new ConflictException("rollout " + id + " already ended (" + r.state().wireName() + ")");
            }
            return r.with(Rollout.State.ABORTED, r.tenants(), "aborted by the operator; tenants already changed "
                    + "keep their new model", clock.instant());
        });
    }

    /**
     * Drives again every rollout left running by a process that stopped (its lease ran out; one that another live
     * replica drives is left alone). A tenant caught in training then is trained again unless its run had ended
     * (its result is taken): the process that ran it is gone. Called at start-up and then periodically.
     */
    public void resumeUnfinished() {
        for (String id : store.running()) {
            if (!driving.contains(id)
                    && store.claim(id, owner, clock.instant(), clock.instant().plus(settings.lease()))) {
                change(id, current -> {
                    List<TenantStep> steps = new ArrayList<>();
                    for (TenantStep s : current.tenants()) {
                        steps.add(s.state() == TenantStep.State.TRAINING && !runEnded(s)
                                ? new TenantStep(s.tenant(), s.wave(), TenantStep.State.PENDING, s.previousVersion(),
                                null, null, null, "trained again: the run was cut off by a restart", clock.instant())
                                : s);
                    }
                    return current.with(current.state(), steps, "resumed after a restart", clock.instant());
                });
                drive(id);
            }
        }
    }

    private boolean runEnded(TenantStep s) {
        if (s.runId() == null) {
            return false;
        }
        try {
            return training.trainingRun(s.tenant(), s.runId()).state().isFinal();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void drive(String id) {
        if (driving.add(id)) {
            driver.execute(() -> {
                try {
                    if (!store.claim(id, owner, clock.instant(), clock.instant().plus(settings.lease()))) {
                        return;
                    }
                    loop(id);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "event=rollout_driver_failed rollout=" + id + " error="
                            + e.getClass().getName());
                } finally {
                    driven.remove(id);
                    store.release(id, owner);
                    driving.remove(id);
                }
            });
        }
    }

    private void loop(String id) {
        boolean firstPass = true;
        while (true) {
            if (!store.claim(id, owner, clock.instant(), clock.instant().plus(settings.lease()))) {
                LOG.log(System.Logger.Level.WARNING, "event=rollout_lease_lost rollout=" + id);
                return;
            }
            if (store.state(id).orElse(null) != Rollout.State.RUNNING) {
                return;
            }
            Rollout r = driven.computeIfAbsent(id, this::get);
            int next = -1;
            for (int i = 0; i < r.tenants().size(); i++) {
                if (!r.tenants().get(i).state().isDone()) {
                    next = i;
                    break;
                }
            }
            if (firstPass) {
                firstPass = false;
                // A driver that starts at a wave's end (after a restart during that wave's observation, or a pause
                // there) judges that wave again: its gate may never have run.
                int last = (next < 0 ? r.tenants().size() : next) - 1;
                Wave ended = last >= 0 && (next < 0 || r.tenants().get(last).wave() != r.tenants().get(next).wave())
                        ? r.tenants().get(last).wave() : null;
                if (ended != null && r.tenants().stream().anyMatch(s -> s.wave() == ended
                        && s.state().isServingChange())) {
                    gate(id, ended);
                    continue;
                }
            }
            if (next < 0) {
                change(id, c -> c.with(Rollout.State.COMPLETED, c.tenants(), "every wave passed", clock.instant()));
                LOG.log(System.Logger.Level.INFO, "event=rollout_completed rollout=" + id);
                return;
            }
            TenantStep step = r.tenants().get(next);
            Rollout after;
            if (r.kind() == Rollout.Kind.IMAGE) {
                after = updateWorkload(id, r, step);
            } else {
                TenantStep done = runTenant(id, next, step, r.recipe());
                if (done == null) {
                    continue;
                }
                after = changeStep(id, next, done, step.tenant() + ": " + done.state().wireName());
            }
            if (waveDone(after, step.wave())) {
                gate(id, step.wave());
            }
        }
    }

    /** Trains one tenant with the recipe and waits for the gate; null when it has to be tried again. */
    private TenantStep runTenant(String id, int index, TenantStep step, Recipe recipe) {
        TenantStep current = step;
        if (current.state() == TenantStep.State.PENDING) {
            Integer previous = step.previousVersion() != null ? step.previousVersion() : activeVersion(step.tenant());
            TrainingRun run;
            try {
                run = training.startTraining(step.tenant(), recipe.options(settings.seed()));
            } catch (ConflictException e) {
                sleep(settings.poll());
                return null;
            } catch (RuntimeException e) {
                return step.ended(TenantStep.State.FAILED, null, "training could not start: "
                        + e.getClass().getSimpleName(), clock.instant());
            }
            TenantStep training = step.training(previous, run.id(), clock.instant());
            changeStep(id, index, training, step.tenant() + ": training");
            current = training;
        }
        Instant deadline = clock.instant().plus(settings.timeout());
        while (true) {
            TrainingRun run = training.trainingRun(current.tenant(), current.runId());
            if (run.state().isFinal()) {
                return switch (run.state()) {
                    case PROMOTED -> current.ended(TenantStep.State.PROMOTED, run.version(), run.message(),
                            clock.instant());
                    case REJECTED -> current.ended(TenantStep.State.REJECTED, run.version(), run.message(),
                            clock.instant());
                    default -> current.ended(TenantStep.State.FAILED, null, run.message(), clock.instant());
                };
            }
            if (clock.instant().isAfter(deadline)) {
                return current.ended(TenantStep.State.FAILED, null, "training took longer than "
                        + settings.timeout(), clock.instant());
            }
            sleep(settings.poll());
            renew(id);
        }
    }

    /**
     * Ships the rollout's image to the workload serving {@code step}'s tenant: the pool (every pooled tenant's
     * step together) or the tenant's own Deployment. The steps are saved as updating, with the image they ran,
     * before the change, so a process replaced by the change itself (the pool's pods) resumes by waiting again.
     */
    private Rollout updateWorkload(String id, Rollout r, TenantStep step) {
        Workload workload;
        List<Integer> indices = new ArrayList<>();
        String previous;
        try {
            workload = workloadOf(step.tenant());
            for (int i = 0; i < r.tenants().size(); i++) {
                TenantStep s = r.tenants().get(i);
                if (!s.state().isDone() && (workload.isPool() ? s.wave() == step.wave()
                        && workloadOf(s.tenant()).isPool() : s.tenant().equals(step.tenant()))) {
                    indices.add(i);
                }
            }
            previous = step.previousImage() != null ? step.previousImage() : deployments.image(workload);
        } catch (RuntimeException e) {
            rethrowIfInterrupted(e);
            // The tenant was erased, or its workload is not there (yet): this step fails, the rollout goes on.
            int index = r.tenants().indexOf(step);
            return changeStep(id, index, step.ended(TenantStep.State.FAILED, null, "its workload could not be found: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant()), step.tenant() + ": failed");
        }
        Rollout current = r;
        for (int i : indices) {
            TenantStep s = current.tenants().get(i);
            if (s.state() != TenantStep.State.UPDATING) {
                current = changeStep(id, i, s.updating(previous, "updating " + workload + " from " + previous,
                        clock.instant()), s.tenant() + ": updating");
            }
        }
        Optional<String> failure;
        try {
            deployments.setImage(workload, r.image());
            failure = awaitRolledOut(id, workload, r.image());
        } catch (RuntimeException e) {
            // A driver stopped while it waits (its own pod replaced by this very update) leaves the steps updating
            // for the next driver to wait on again; only a real failure is recorded.
            rethrowIfInterrupted(e);
            failure = Optional.of("the update failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        renew(id);
        String why = failure.map(f -> f).orElse((workload.isPool() ? "the pool runs " : "runs ") + r.image());
        TenantStep.State end = failure.isPresent() ? TenantStep.State.FAILED : TenantStep.State.UPDATED;
        LOG.log(System.Logger.Level.INFO, "event=rollout_workload rollout=" + id + " workload=" + workload
                + " image=" + r.image() + " state=" + end.wireName());
        for (int i : indices) {
            TenantStep s = current.tenants().get(i);
            current = changeStep(id, i, s.ended(end, null, why, clock.instant()), s.tenant() + ": "
                    + end.wireName());
        }
        return current;
    }

    /**
     * Waits for the workload in slices of a third of the lease, renewing it between them, so that no other replica
     * takes the rollout over while this one waits; gives up at the step timeout or when the controller has.
     */
    private Optional<String> awaitRolledOut(String id, Workload workload, String image) {
        Instant deadline = clock.instant().plus(settings.timeout());
        Duration slice = settings.lease().dividedBy(3);
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            Optional<String> failure = deployments.awaitRolledOut(workload, image,
                    left.compareTo(slice) < 0 ? left : slice);
            if (failure.isEmpty() || deployments.gaveUp(workload) || !clock.instant().isBefore(deadline)) {
                return failure;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("rollout driver interrupted");
            }
            renew(id);
        }
    }

    private static void rethrowIfInterrupted(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw e;
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            throw e;
        }
    }

    /**
     * The wave's health gate. Its promoted tenants first serve for the observation window, then their live traffic
     * is judged against their tier's promise (a tenant too quiet to tell passes); a candidate that lost its offline
     * gate, failed, or serves unhealthily counts as lost. Too many lost halt the rollout and undo the wave's
     * promotions.
     */
    private void gate(String id, Wave wave) {
        if (get(id).tenants().stream().anyMatch(s -> s.wave() == wave && s.state().isServingChange())) {
            sleep(settings.observe());
            renew(id);
            Duration window = settings.observe().isZero() ? Duration.ofMinutes(1) : settings.observe();
            List<TenantStep> judged = get(id).tenants();
            for (int i = 0; i < judged.size(); i++) {
                TenantStep s = judged.get(i);
                if (s.wave() == wave && s.state().isServingChange()) {
                    Optional<String> problem = health.problem(s.tenant(), window);
                    String clicks = "";
                    if (problem.isEmpty() && s.at() != null) {
                        // Lists after the change have had at most the time since to be clicked: both sides count
                        // only the lists that had half of that, and only their clicks within it.
                        Instant changed = s.at();
                        Duration allowance = Duration.between(changed, clock.instant()).dividedBy(2);
                        ServedLists before = attribution.servedLists(s.tenant(), changed.minus(settings.baseline()),
                                changed, allowance);
                        ServedLists after = attribution.servedLists(s.tenant(), changed,
                                clock.instant().minus(allowance), allowance);
                        problem = settings.clickGate().problem(before, after);
                        if (before.lists() + after.lists() > 0) {
                            clicks = "; click-through " + ClickThroughGate.describe(before) + " before, "
                                    + ClickThroughGate.describe(after) + " after";
                        }
                    }
                    int index = i;
                    if (problem.isPresent()) {
                        TenantStep unhealthy = s.ended(TenantStep.State.UNHEALTHY, s.newVersion(),
                                "unhealthy after the change: " + problem.get(), clock.instant());
                        changeStep(id, index, unhealthy, s.tenant() + ": unhealthy");
                    } else if (!clicks.isEmpty()) {
                        // The figures stay on record; the step keeps the time it changed.
                        changeStep(id, index, new TenantStep(s.tenant(), s.wave(), s.state(), s.previousVersion(),
                                s.newVersion(), s.runId(), s.previousImage(), s.message() + clicks, s.at()),
                                s.tenant() + ": healthy");
                    }
                }
            }
        }
        Rollout r = get(id);
        List<TenantStep> inWave = r.tenants().stream().filter(s -> s.wave() == wave).toList();
        long lost = inWave.stream().filter(s -> s.state() == TenantStep.State.REJECTED
                || s.state() == TenantStep.State.FAILED || s.state() == TenantStep.State.UNHEALTHY).count();
        if (lost <= r.maxRejectedShare() * inWave.size()) {
            return;
        }
        String why = "halted in wave " + wave.wireName() + ": " + lost + " of " + inWave.size()
                + " tenants lost their gate, failed or served unhealthily (allowed share " + r.maxRejectedShare()
                + "); the wave was rolled back and later waves left untouched";
        // Halted first, so that no driver (this one restarted, or another replica) ships to a later wave while the
        // wave is rolled back; then each rollback's outcome.
        change(id, c -> c.with(Rollout.State.HALTED, c.tenants(), why + " (rolling back)", clock.instant()));
        List<TenantStep> steps = r.kind() == Rollout.Kind.IMAGE ? rollBackImages(r, wave)
                : rollBackModels(r, wave);
        change(id, c -> c.with(Rollout.State.HALTED, steps, why, clock.instant()));
        LOG.log(System.Logger.Level.WARNING, "event=rollout_halted rollout=" + id + " wave=" + wave.wireName()
                + " lost=" + lost + " of=" + inWave.size());
    }

    private List<TenantStep> rollBackModels(Rollout r, Wave wave) {
        List<TenantStep> steps = new ArrayList<>(r.tenants());
        for (int i = 0; i < steps.size(); i++) {
            TenantStep s = steps.get(i);
            boolean serving = s.state() == TenantStep.State.PROMOTED || s.state() == TenantStep.State.UNHEALTHY;
            if (s.wave() == wave && serving && s.previousVersion() != null) {
                try {
                    models.promote(s.tenant(), s.previousVersion());
                    steps.set(i, s.ended(TenantStep.State.ROLLED_BACK, s.newVersion(),
                            "rolled back to v" + s.previousVersion() + " with its wave ("
                                    + s.message() + ")", clock.instant()));
                } catch (RuntimeException e) {
                    steps.set(i, s.ended(s.state(), s.newVersion(), "roll back failed: "
                            + e.getClass().getSimpleName(), clock.instant()));
                }
            }
        }
        return steps;
    }

    /** Every workload of the wave that was touched (updated, unhealthy or stuck mid-update) back to its image. */
    private List<TenantStep> rollBackImages(Rollout r, Wave wave) {
        List<TenantStep> steps = new ArrayList<>(r.tenants());
        java.util.Map<Workload, Optional<String>> done = new java.util.HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            TenantStep s = steps.get(i);
            boolean touched = s.state() == TenantStep.State.UPDATED || s.state() == TenantStep.State.UNHEALTHY
                    || s.state() == TenantStep.State.FAILED;
            if (s.wave() != wave || !touched || s.previousImage() == null) {
                continue;
            }
            Workload workload;
            try {
                workload = workloadOf(s.tenant());
            } catch (RuntimeException e) {
                steps.set(i, s.ended(s.state(), null, "roll back failed: " + e.getClass().getSimpleName(),
                        clock.instant()));
                continue;
            }
            Optional<String> failure = done.computeIfAbsent(workload, w -> {
                try {
                    deployments.setImage(w, s.previousImage());
                    return deployments.awaitRolledOut(w, s.previousImage(), settings.timeout());
                } catch (RuntimeException e) {
                    return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            });
            steps.set(i, failure.isEmpty()
                    ? s.ended(TenantStep.State.ROLLED_BACK, null, "rolled back to " + s.previousImage()
                    + " with its wave (" + s.message() + ")", clock.instant())
                    : s.ended(s.state(), null, "roll back to " + s.previousImage() + " failed: " + failure.get(),
                    clock.instant()));
        }
        return steps;
    }

    /** Keeps this process's lease while it waits; another replica took over if it cannot. */
    private void renew(String id) {
        if (!store.claim(id, owner, clock.instant(), clock.instant().plus(settings.lease()))) {
            throw new IllegalStateException("the lease on rollout " + id + " was lost");
        }
    }

    private static boolean waveDone(Rollout r, Wave wave) {
        return r.tenants().stream().filter(s -> s.wave() == wave).allMatch(s -> s.state().isDone());
    }

    private Integer activeVersion(TenantId tenant) {
        return models.modelVersions(tenant).stream().filter(v -> v.status() == ModelVersion.Status.ACTIVE)
                .map(ModelVersion::version).findFirst().orElse(null);
    }

    /**
     * An operator's change of state: only the state line is written, and only if the state is still the one the
     * change was decided on, so a driver on another replica writing its steps meanwhile loses nothing.
     */
    private Rollout operator(String id, UnaryOperator<Rollout> update) {
        synchronized (lock) {
            Rollout current = get(id);
            Rollout next = update.apply(current);
            if (!store.changeState(id, current.state(), next.state(), next.message(), next.updatedAt())) {
                throw new ConflictException("rollout " + id + " changed meanwhile; look at it again");
            }
            driven.computeIfPresent(id, (k, v) -> v.with(next.state(), v.tenants(), next.message(),
                    next.updatedAt()));
            return next;
        }
    }

    /** Reads, changes and saves the rollout under one lock, so the driver and the operator never undo each other. */
    private Rollout change(String id, UnaryOperator<Rollout> update) {
        synchronized (lock) {
            Rollout next = update.apply(get(id));
            store.save(next);
            driven.computeIfPresent(id, (k, v) -> next);
            return next;
        }
    }

    /**
     * One tenant's step, written alone with the rollout's state line (a rollout over thousands of tenants must not
     * rewrite every step each time one changes); the state stays what the operator last set.
     */
    private Rollout changeStep(String id, int index, TenantStep step, String message) {
        synchronized (lock) {
            Rollout current = driven.getOrDefault(id, null);
            if (current == null) {
                current = get(id);
            }
            Rollout next = current.with(current.state(), replace(current.tenants(), index, step), message,
                    clock.instant());
            store.saveStep(next, step);
            driven.computeIfPresent(id, (k, v) -> next);
            return next;
        }
    }

    private static List<TenantStep> replace(List<TenantStep> steps, int index, TenantStep step) {
        List<TenantStep> copy = new ArrayList<>(steps);
        copy.set(index, step);
        return copy;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rollout driver interrupted", e);
        }
    }
}
