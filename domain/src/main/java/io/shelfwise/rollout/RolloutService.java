package io.shelfwise.rollout;

import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.fleet.port.in.CheckTenantHealth;
import io.shelfwise.recommendation.port.in.ManageModels;
import io.shelfwise.recommendation.port.in.TrainModels;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.training.TrainingRun;
import io.shelfwise.rollout.port.in.ManageRollouts;
import io.shelfwise.rollout.port.out.RolloutStore;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantId;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Ships a training recipe to the fleet through one process, in waves: the canaries, then the Standard, Premium
 * and Enterprise tenants. Each tenant trains with the recipe and goes through the same gate as any training run
 * (against its own active model); a candidate that wins is promoted at once. After each wave a health gate counts
 * the candidates that lost: more than the allowed share halts the rollout, rolls the wave's promoted tenants back
 * to the model they had, and leaves every later wave untouched. Every step is saved before and after it runs,
 * so a process that dies mid-rollout resumes it on its next start ({@link #resumeUnfinished}) without training a
 * finished tenant again.
 */
public final class RolloutService implements ManageRollouts {
    private static final System.Logger LOG = System.getLogger(RolloutService.class.getName());

    private final FindTenants tenants;
    private final TrainModels training;
    private final ManageModels models;
    private final CheckTenantHealth health;
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
     * @param poll    how often a tenant's training run is looked at
     * @param timeout how long one tenant's training may take before it counts as failed
     * @param seed    the seed every tenant's training uses
     * @param observe how long a wave's promoted tenants serve before their live traffic is judged (errors, p99)
     * @param lease   how long this process holds a rollout it drives without renewing; another replica takes
     *                over only after that
     */
    public record Settings(Duration poll, Duration timeout, long seed, Duration observe, Duration lease) {
    }

    public RolloutService(FindTenants tenants, TrainModels training, ManageModels models, CheckTenantHealth health,
                          RolloutStore store, Clock clock, Supplier<String> ids, Executor driver, Settings settings) {
        this.tenants = tenants;
        this.training = training;
        this.models = models;
        this.health = health;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.driver = driver;
        this.settings = settings;
        this.owner = "driver-" + ids.get();
    }

    @Override
    public Rollout start(Recipe recipe, List<TenantId> canaries, double maxRejectedShare) {
        if (!(maxRejectedShare >= 0 && maxRejectedShare < 1)) {
            throw ValidationException.of("maxRejectedShare", "must be at least 0 and below 1, not " + maxRejectedShare);
        }
        Set<TenantId> canarySet = new LinkedHashSet<>(canaries);
        List<TenantStep> steps = new ArrayList<>();
        for (TenantId canary : canarySet) {
            Tenant t = tenants.get(canary);
            if (!t.isServed()) {
                throw ValidationException.of("canaries", "tenant " + canary + " is not served (" + t.state() + ")");
            }
            steps.add(TenantStep.pending(canary, Wave.CANARY));
        }
        tenants.list().stream().filter(Tenant::isServed).filter(t -> !canarySet.contains(t.id()))
                .sorted(Comparator.comparing((Tenant t) -> Wave.of(t.tier())).thenComparing(t -> t.id().value()))
                .forEach(t -> steps.add(TenantStep.pending(t.id(), Wave.of(t.tier()))));
        Instant now = clock.instant();
        Rollout rollout = new Rollout("rol-" + ids.get(), recipe, maxRejectedShare, Rollout.State.RUNNING, now, now,
                steps, "planned: " + steps.size() + " tenants");
        store.save(rollout);
        LOG.log(System.Logger.Level.INFO, "event=rollout_started rollout=" + rollout.id() + " tenants=" + steps.size());
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
        Rollout paused = change(id, r -> {
            if (r.state() != Rollout.State.RUNNING) {
                throw new ConflictException("rollout " + id + " is " + r.state().wireName() + ", not running");
            }
            return r.with(Rollout.State.PAUSED, r.tenants(), "paused by the operator", clock.instant());
        });
        return paused;
    }

    @Override
    public Rollout resume(String id) {
        Rollout resumed = change(id, r -> {
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
        return change(id, r -> {
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
                                null, null, "trained again: the run was cut off by a restart") : s);
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
                    store.release(id, owner);
                    driving.remove(id);
                }
            });
        }
    }

    private void loop(String id) {
        while (true) {
            if (!store.claim(id, owner, clock.instant(), clock.instant().plus(settings.lease()))) {
                LOG.log(System.Logger.Level.WARNING, "event=rollout_lease_lost rollout=" + id);
                return;
            }
            Rollout r = get(id);
            if (r.state() != Rollout.State.RUNNING) {
                return;
            }
            int next = -1;
            for (int i = 0; i < r.tenants().size(); i++) {
                if (!r.tenants().get(i).state().isDone()) {
                    next = i;
                    break;
                }
            }
            if (next < 0) {
                change(id, c -> c.with(Rollout.State.COMPLETED, c.tenants(), "every wave passed", clock.instant()));
                LOG.log(System.Logger.Level.INFO, "event=rollout_completed rollout=" + id);
                return;
            }
            TenantStep step = r.tenants().get(next);
            TenantStep done = runTenant(id, next, step, r.recipe());
            if (done == null) {
                continue;
            }
            int index = next;
            Rollout after = changeStep(id, index, done, step.tenant() + ": " + done.state().wireName());
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
                        + e.getClass().getSimpleName());
            }
            TenantStep training = step.training(previous, run.id());
            changeStep(id, index, training, step.tenant() + ": training");
            current = training;
        }
        Instant deadline = clock.instant().plus(settings.timeout());
        while (true) {
            TrainingRun run = training.trainingRun(current.tenant(), current.runId());
            if (run.state().isFinal()) {
                return switch (run.state()) {
                    case PROMOTED -> current.ended(TenantStep.State.PROMOTED, run.version(), run.message());
                    case REJECTED -> current.ended(TenantStep.State.REJECTED, run.version(), run.message());
                    default -> current.ended(TenantStep.State.FAILED, null, run.message());
                };
            }
            if (clock.instant().isAfter(deadline)) {
                return current.ended(TenantStep.State.FAILED, null, "training took longer than "
                        + settings.timeout());
            }
            sleep(settings.poll());
            renew(id);
        }
    }

    /**
     * The wave's health gate. Its promoted tenants first serve for the observation window, then their live traffic
     * is judged against their tier's promise (a tenant too quiet to tell passes); a candidate that lost its offline
     * gate, failed, or serves unhealthily counts as lost. Too many lost halt the rollout and undo the wave's
     * promotions.
     */
    private void gate(String id, Wave wave) {
        if (get(id).tenants().stream().anyMatch(s -> s.wave() == wave && s.state() == TenantStep.State.PROMOTED)) {
            sleep(settings.observe());
            renew(id);
            Duration window = settings.observe().isZero() ? Duration.ofMinutes(1) : settings.observe();
            List<TenantStep> judged = get(id).tenants();
            for (int i = 0; i < judged.size(); i++) {
                TenantStep s = judged.get(i);
                if (s.wave() == wave && s.state() == TenantStep.State.PROMOTED) {
                    Optional<String> problem = health.problem(s.tenant(), window);
                    if (problem.isPresent()) {
                        int index = i;
                        TenantStep unhealthy = s.ended(TenantStep.State.UNHEALTHY, s.newVersion(),
                                "unhealthy after promotion: " + problem.get());
                        changeStep(id, index, unhealthy, s.tenant() + ": unhealthy");
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
        List<TenantStep> steps = new ArrayList<>(r.tenants());
        for (int i = 0; i < steps.size(); i++) {
            TenantStep s = steps.get(i);
            boolean serving = s.state() == TenantStep.State.PROMOTED || s.state() == TenantStep.State.UNHEALTHY;
            if (s.wave() == wave && serving && s.previousVersion() != null) {
                try {
                    models.promote(s.tenant(), s.previousVersion());
                    steps.set(i, s.ended(TenantStep.State.ROLLED_BACK, s.newVersion(),
                            "rolled back to v" + s.previousVersion() + " with its wave"));
                } catch (RuntimeException e) {
                    steps.set(i, s.ended(s.state(), s.newVersion(), "roll back failed: "
                            + e.getClass().getSimpleName()));
                }
            }
        }
        String why = "halted in wave " + wave.wireName() + ": " + lost + " of " + inWave.size()
                + " candidates lost their gate or served unhealthily (allowed share " + r.maxRejectedShare()
                + "); the wave's promotions were rolled back and later waves left untouched";
        change(id, c -> c.with(Rollout.State.HALTED, steps, why, clock.instant()));
        LOG.log(System.Logger.Level.WARNING, "event=rollout_halted rollout=" + id + " wave=" + wave.wireName()
                + " lost=" + lost + " of=" + inWave.size());
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

    /** Reads, changes and saves the rollout under one lock, so the driver and the operator never undo each other. */
    private Rollout change(String id, UnaryOperator<Rollout> update) {
        synchronized (lock) {
            Rollout next = update.apply(get(id));
            store.save(next);
            return next;
        }
    }

    /**
     * One tenant's step, written alone with the rollout's state line (a rollout over thousands of tenants must not
     * rewrite every step each time one changes); the state stays what the operator last set.
     */
    private Rollout changeStep(String id, int index, TenantStep step, String message) {
        synchronized (lock) {
            Rollout current = get(id);
            Rollout next = current.with(current.state(), replace(current.tenants(), index, step), message,
                    clock.instant());
            store.saveStep(next, step);
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
