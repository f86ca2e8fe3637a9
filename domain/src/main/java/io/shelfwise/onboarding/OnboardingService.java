package io.shelfwise.onboarding;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.port.in.UpsertItems;
import io.shelfwise.common.ConflictException;
import io.shelfwise.common.DomainException;
import io.shelfwise.common.FieldError;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.events.port.in.TrackEvents;
import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.isolation.port.out.TenantIdentity;
import io.shelfwise.onboarding.port.in.ManageOnboardings;
import io.shelfwise.onboarding.port.out.DataStaging;
import io.shelfwise.onboarding.port.out.InitialData;
import io.shelfwise.onboarding.port.out.OnboardingStore;
import io.shelfwise.onboarding.port.out.TenantRecords;
import io.shelfwise.onboarding.port.out.TenantServing;
import io.shelfwise.provisioning.TenantPlacement;
import io.shelfwise.provisioning.port.out.TenantDataStores;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.recommendation.port.in.TrainModels;
import io.shelfwise.recommendation.training.TrainingRun;
import io.shelfwise.tenancy.ApiKey;
import io.shelfwise.tenancy.ApiKeyId;
import io.shelfwise.tenancy.IssuedApiKey;
import io.shelfwise.tenancy.Tenant;
import io.shelfwise.tenancy.TenantAccess;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TenantState;
import io.shelfwise.tenancy.port.in.ChangeTenantState;
import io.shelfwise.tenancy.port.in.FindTenants;
import io.shelfwise.tenancy.port.in.ManageApiKeys;
import io.shelfwise.tenancy.port.in.RegisterTenant;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs onboardings as persisted workflows. Each step's state is written before and after it runs, so a process
 * killed at any moment resumes the unfinished step on restart ({@link #resumeUnfinished}); every step is idempotent,
 * so running one again creates nothing twice. A failed step records why and the run waits for {@link #retry}; a
 * cancel undoes the done steps newest first.
 */
public final class OnboardingService implements ManageOnboardings, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OnboardingService.class.getName());
    private static final int CATALOG_BATCH = 1000;
    private static final int EVENT_BATCH = io.shelfwise.events.EventService.IMPORT_BATCH;
    private static final int PROBLEMS_KEPT = 100;
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
    /** How long a run stays with the process driving it without a renewal; another one resumes it after that. */
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final String SAMPLE = "sample shopper and item: ";

    /** The collaborators the steps call, all through ports. */
    public record Ports(RegisterTenant register, FindTenants find, ChangeTenantState change, ManageApiKeys keys,
                        TenantIdentity identity, TenantDataStores dataStores, TenantInfrastructure infrastructure,
                        UpsertItems catalog, TrackEvents events, TrainModels training, DataStaging staging,
                        InitialData data, TenantServing serving, TenantRecords records) {
    }

    /**
     * @param maxBadRowShare a file with a larger share of refused rows fails its import step (the rest is kept)
     * @param trainingTimeout how long the first training may take before its step fails
     * @param poll            how often a running training is looked at
     */
    public record Settings(double maxBadRowShare, Duration trainingTimeout, Duration poll) {
        public static Settings defaults() {
            return new Settings(0.05, Duration.ofMinutes(30), Duration.ofMillis(250));
        }
    }

    private final WatchedOnboardingStore store;
    private final Ports ports;
    private final PlatformNaming naming;
    private final Settings settings;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Executor workers;
    private final Set<String> driving = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    /** This process, as the holder of the runs it drives. */
    private final String owner;

    public OnboardingService(OnboardingStore store, Ports ports, PlatformNaming naming, Settings settings,
                             Clock clock, Supplier<UUID> ids, Executor workers) {
        this.store = new WatchedOnboardingStore(store, OnboardingService::withoutSecret);
        this.ports = ports;
        this.naming = naming;
        this.settings = settings;
        this.clock = clock;
        this.ids = ids;
        this.workers = workers;
        this.owner = "process-" + ids.get();
    }

    @Override
    public OnboardingRun start(OnboardingRequest request) {
        boolean taken;
        try {
            ports.find().get(request.tenantId());
            taken = true;
        } catch (NotFoundException free) {
            taken = false;
        }
        if (taken) {
            throw new ConflictException("tenant '" + request.tenantId() + "' already exists");
        }
        OnboardingRun run = OnboardingRun.start("onb-" + ids.get(), request, clock.instant());
        if (!store.insert(run)) {
            throw new ConflictException("tenant '" + request.tenantId() + "' is being onboarded already");
        }
        LOG.log(System.Logger.Level.INFO, "event=onboarding_started tenant=" + request.tenantId() + " run="
                + run.id());
        workers.execute(() -> drive(run.id()));
        return run;
    }

    @Override
    public OnboardingRun get(String id) {
        OnboardingRun run = find(id);
        if (run.state() == RunState.SUCCEEDED && run.apiKeySecret() != null) {
            store.saveSecret(id, null);
        }
        return run;
    }

    @Override
    public OnboardingRun status(String id) {
        return withoutSecret(find(id));
    }

    @Override
    public List<OnboardingRun> list() {
        return store.list().stream().map(OnboardingService::withoutSecret).toList();
    }

    @Override
    public OnboardingRun retry(String id) {
        OnboardingRun run = find(id);
        if (run.state() != RunState.FAILED) {
            throw new ConflictException("onboarding '" + id + "' is " + run.state().wireName()
                    + "; only a failed one can be retried");
        }
        Instant now = clock.instant();
        run.steps().values().stream().filter(s -> s.state() == StepState.FAILED)
                .forEach(s -> store.saveStep(id, s.reset(), now));
        store.saveState(id, RunState.RUNNING, now);
        workers.execute(() -> drive(id));
        return withoutSecret(find(id));
    }

    @Override
    public OnboardingRun cancel(String id) {
        OnboardingRun run = find(id);
        if (run.state() == RunState.CANCELLED || run.state() == RunState.CANCELLING) {
            return withoutSecret(run);
        }
        if (run.state() == RunState.SUCCEEDED) {
            throw new ConflictException("onboarding '" + id + "' succeeded; offboard the tenant instead");
        }
        store.saveState(id, RunState.CANCELLING, clock.instant());
        workers.execute(() -> drive(id));
        return withoutSecret(find(id));
    }

    @Override
    public AutoCloseable watch(String id, Consumer<OnboardingRun> onChange) {
        find(id);
        return store.watch(id, onChange);
    }

    /**
     * The process is stopping: a step cut short by it stays recorded as running, so the next start resumes it,
     * instead of being recorded as a failure the operator would have to retry.
     */
    @Override
    public void close() {
        stopping = true;
    }

    /**
     * Picks up every run a stopped process left running or cancelling: at start, and periodically, for runs whose
     * process died (their lease ran out). Runs another live process drives are left to it.
     */
    public void resumeUnfinished() {
        for (OnboardingRun run : store.unfinished()) {
            if (!driving.contains(run.id())) {
                LOG.log(System.Logger.Level.DEBUG, () -> "event=onboarding_resume_attempt tenant="
                        + run.request().tenantId() + " run=" + run.id() + " state=" + run.state().wireName());
                workers.execute(() -> drive(run.id()));
            }
        }
    }

    private OnboardingRun find(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("onboarding", id));
    }

    private static OnboardingRun withoutSecret(OnboardingRun run) {
        return new OnboardingRun(run.id(), run.request(), run.state(), run.createdAt(), run.updatedAt(), run.steps(),
                null);
    }

    /** Runs the ready steps one after another until the run is done, failed or cancelled. One driver per run. */
    private void drive(String id) {
        if (!driving.add(id)) {
            return;
        }
        boolean claimed = false;
        try {
            while (true) {
                // Another replica may drive it (a rolling restart starts the new process before the old one
                // stops); the lease is taken before the first step and renewed before each next one.
                if (!renew(id)) {
                    return;
                }
                if (!claimed) {
                    claimed = true;
                    LOG.log(System.Logger.Level.INFO, "event=onboarding_driven run=" + id + " owner=" + owner);
                }
                OnboardingRun run = find(id);
                if (run.state() == RunState.CANCELLING) {
                    compensate(run);
                    return;
                }
                if (run.state() != RunState.RUNNING) {
                    return;
                }
                if (run.allSettled()) {
                    store.saveState(id, RunState.SUCCEEDED, clock.instant());
                    LOG.log(System.Logger.Level.INFO, "event=onboarding_succeeded tenant="
                            + run.request().tenantId() + " run=" + id);
                    return;
                }
                List<OnboardingStep> ready = run.ready();
                if (ready.isEmpty() || !runStep(run, ready.get(0))) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "event=onboarding_driver_failed run=" + id + " error="
                    + e.getClass().getName());
        } finally {
            driving.remove(id);
            if (claimed) {
                store.release(id, owner);
            }
        }
    }

    /** Takes or keeps the run for this process for another {@link #LEASE}; false when another process has it. */
    private boolean renew(String runId) {
        Instant now = clock.instant();
        return store.claim(runId, owner, now, now.plus(LEASE));
    }

    /** Runs one step and records its end; false when the run must stop here (failed or cancelled). */
    private boolean runStep(OnboardingRun run, OnboardingStep step) {
        Instant now = clock.instant();
        StepRecord started = run.step(step).started(now);
        store.saveStep(run.id(), started, now);
        Progress progress = new Progress(run.id(), started);
        try {
            Outcome outcome = execute(run, step, progress);
            Instant end = clock.instant();
            store.saveStep(run.id(), progress.current.finished(outcome.state(), end, outcome.output(), null), end);
            LOG.log(System.Logger.Level.INFO, "event=onboarding_step tenant=" + run.request().tenantId() + " run="
                    + run.id() + " step=" + step.wireName() + " state=" + outcome.state().wireName() + " ms="
                    + Duration.between(now, end).toMillis());
            return true;
        } catch (Cancelled cancelled) {
            store.saveStep(run.id(), progress.current.reset(), clock.instant());
            return true;
        } catch (RuntimeException e) {
            if (stopping) {
                return false;
            }
            Instant end = clock.instant();
            String why = reason(e);
            store.saveStep(run.id(), progress.current.finished(StepState.FAILED, end, null, why), end);
            store.saveState(run.id(), RunState.FAILED, end);
            LOG.log(System.Logger.Level.WARNING, "event=onboarding_step_failed tenant=" + run.request().tenantId()
                    + " run=" + run.id() + " step=" + step.wireName() + " error=" + e.getClass().getSimpleName());
            return false;
        }
    }

    /** Runs {@code step}; {@code run} was read after the step before it ended, so the earlier outputs are in it. */
    private Outcome execute(OnboardingRun run, OnboardingStep step, Progress progress) {
        OnboardingRequest request = run.request();
        TenantId tenant = request.tenantId();
        return switch (step) {
            case REGISTER -> register(request);
            case IDENTITY -> Outcome.done(ports.identity().ensure(IsolationPolicy.derive(tenant, naming)));
            case DATA_STORES -> {
                ports.dataStores().ensure(TenantScope.of(tenant, naming));
                yield Outcome.done("tables " + naming.eventTable(tenant) + ", " + naming.recommendationLogTable(tenant)
                        + "; artifacts " + naming.artifactPrefix(tenant));
            }
            case PLACEMENT -> {
                String roleArn = run.step(OnboardingStep.IDENTITY).output();
                TenantPlacement placement = TenantPlacement.of(tenant, ports.find().policyOf(request.tier()), naming,
                        roleArn);
                ports.infrastructure().apply(placement);
                yield Outcome.done(placement.policy().deploymentModel().name().toLowerCase(java.util.Locale.ROOT));
            }
            case API_KEY -> apiKey(run);
            case IMPORT_CATALOG -> request.hasData() ? importCatalog(run, progress)
                    : Outcome.skipped("no data source: the store starts cold and learns from live events");
            case IMPORT_EVENTS -> request.hasData() ? importEvents(run, progress)
                    : Outcome.skipped("no data source");
            case TRAIN -> request.hasData() ? train(run) : Outcome.skipped("no history to learn from yet");
            case GATE -> gate(run);
            case DEPLOY -> {
                ports.serving().warm(tenant);
                yield Outcome.done("serving warmed: the first request loads nothing inline");
            }
            case ACTIVATE -> {
                Tenant current = ports.find().get(tenant);
                if (current.state() == TenantState.ONBOARDING) {
                    ports.change().change(tenant, TenantState.ACTIVE);
                }
                yield Outcome.done("active");
            }
            case SMOKE_TEST -> smokeTest(run);
        };
    }

    private Outcome register(OnboardingRequest request) {
        try {
            ports.register().register(RegisterTenantCommand.of(request.tenantId().value(), request.displayName(),
                    request.tier().wireName()));
            return Outcome.done("registered");
        } catch (ConflictException exists) {
            // Our own earlier attempt registered it before the process stopped.
            Tenant tenant = ports.find().get(request.tenantId());
            if (tenant.state() != TenantState.ONBOARDING || tenant.tier() != request.tier()) {
                throw exists;
            }
            return Outcome.done("registered (by an earlier attempt)");
        }
    }

    private Outcome apiKey(OnboardingRun run) {
        TenantId tenant = run.request().tenantId();
        String label = keyLabel(run);
        // A key issued by an attempt that stopped before recording it is never shown: revoke it, issue anew.
        for (ApiKey old : ports.keys().list(tenant)) {
            if (old.label().equals(label) && old.revokedAt() == null) {
                ports.keys().revoke(tenant, old.id());
            }
        }
        IssuedApiKey issued = ports.keys().issue(tenant, label);
        store.saveSecret(run.id(), issued.secret());
        return Outcome.done(issued.key().id().value());
    }

    private static String keyLabel(OnboardingRun run) {
        return "onboarding " + run.id();
    }

    private TenantAccess access(OnboardingRun run) {
        TenantId tenant = run.request().tenantId();
        Tenant current = ports.find().get(tenant);
        String keyId = run.step(OnboardingStep.API_KEY).output();
        return new TenantAccess(current, ports.find().policyOf(current), new ApiKeyId(keyId));
    }

    private Outcome importCatalog(OnboardingRun run, Progress progress) {
        TenantAccess access = access(run);
        return importRows("catalog", ports.data().catalog(run.request().tenantId(), local(run)),
                CATALOG_BATCH, row -> Item.of(row.id(), row.title(), row.brand(), row.categoryPath(), row.price(),
                        row.currency(), row.inStock(), row.attributes()),
                batch -> ports.catalog().upsert(access, batch), progress, run.id());
    }

    private Outcome importEvents(OnboardingRun run, Progress progress) {
        TenantAccess access = access(run);
        Instant latest = ports.events().latestAcceptedTimestamp();
        String[] sample = new String[2];
        Outcome imported = importRows("events", ports.data().events(run.request().tenantId(), local(run)),
                EVENT_BATCH, row -> {
                    ShopperEvent event = ShopperEvent.of(row.eventId(), row.type(), row.userId(), row.anonymousId(),
                            row.itemIds(), row.quantity(), row.price(), row.currency(), row.query(),
                            row.recommendationId(), row.timestamp(), latest);
                    if (sample[0] == null && event.userId() != null && !event.itemIds().isEmpty()) {
                        sample[0] = event.userId();
                        sample[1] = event.itemIds().get(0).value();
                    }
                    return event;
                },
                batch -> ports.events().importHistory(access, batch), progress, run.id());
        // The smoke test asks for this shopper's and this item's lists, so it checks a personalised answer.
        return sample[0] == null ? imported
                : Outcome.done(SAMPLE + sample[0] + " " + sample[1] + "\n" + imported.output());
    }

    /** The run's data location as a local directory, staged from an object store when it is one. */
    private String local(OnboardingRun run) {
        return ports.staging().stage(run.request().tenantId(), run.request().dataLocation());
    }

    /**
     * Validates every row with the domain's rules and writes the valid ones in batches (idempotent writes, so a
     * retry duplicates nothing); fails when more than the allowed share was refused, with the first problems.
     */
    private <R, T> Outcome importRows(String what, InitialData.Rows<R> rows, int batchSize, Function<R, T> convert,
                                      java.util.function.Consumer<List<T>> write, Progress progress, String runId) {
        long accepted = 0;
        long refused = 0;
        List<RowProblem> problems = new ArrayList<>();
        List<T> batch = new ArrayList<>(batchSize);
        Instant started = clock.instant();
        try (rows) {
            while (rows.hasNext()) {
                InitialData.Row<R> row = rows.next();
                if (row.value() == null) {
                    refused++;
                    keep(problems, new RowProblem(row.line(), row.field(), row.problem()));
                    continue;
                }
                try {
                    batch.add(convert.apply(row.value()));
                } catch (ValidationException invalid) {
                    refused++;
                    FieldError first = invalid.errors().get(0);
                    keep(problems, new RowProblem(row.line(), first.field(), first.message()));
                    continue;
                }
                if (batch.size() == batchSize) {
                    write.accept(List.copyOf(batch));
                    accepted += batch.size();
                    batch.clear();
                    progress.report(rows.bytesRead(), rows.totalBytes());
                }
            }
            if (!batch.isEmpty()) {
                write.accept(List.copyOf(batch));
                accepted += batch.size();
            }
            progress.report(rows.bytesRead(), rows.totalBytes());
        }
        long millis = Math.max(1, Duration.between(started, clock.instant()).toMillis());
        String summary = what + ": " + accepted + " rows imported, " + refused + " refused ("
                + (accepted + refused) * 1000 / millis + " rows/s)";
        String detail = problems.isEmpty() ? "" : "\n" + String.join("\n", problems.stream()
                .map(RowProblem::toString).toList());
        long total = accepted + refused;
        if (total > 0 && (double) refused / total > settings.maxBadRowShare()) {
            throw new ImportRefused(summary + "; more than " + Math.round(settings.maxBadRowShare() * 100)
                    + " % of the rows are bad, so the step failed. Fix the file and retry (rows already imported"
                    + " stay; a retry does not duplicate them)." + detail);
        }
        return Outcome.done(summary + detail);
    }

    private static void keep(List<RowProblem> problems, RowProblem problem) {
        if (problems.size() < PROBLEMS_KEPT) {
            problems.add(problem);
        }
    }

    private Outcome train(OnboardingRun run) {
        TenantId tenant = run.request().tenantId();
        TrainingRun training;
        try {
            training = ports.training().startTraining(tenant);
        } catch (ConflictException running) {
            training = ports.training().trainingRuns(tenant).stream().filter(r -> !r.state().isFinal())
                    .findFirst().orElseThrow(() -> running);
        }
        Instant deadline = clock.instant().plus(settings.trainingTimeout());
        while (!training.state().isFinal()) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("the first training did not finish within "
                        + settings.trainingTimeout().toMinutes() + " minutes; retry to train again");
            }
            checkNotCancelled(run.id());
            renew(run.id());
            sleep(settings.poll());
            training = ports.training().trainingRun(tenant, training.id());
        }
        if (training.state() == TrainingRun.State.FAILED) {
            String why = training.message() == null ? "" : training.message();
            if (why.startsWith("training failed") || why.contains("shutting down")) {
                throw new IllegalStateException(why + "; retry to train again");
            }
            // Not enough recent history to learn from (a cold or old import): not an error, the store still serves.
            return Outcome.done("run=" + training.id() + " state=NOT_TRAINED version=null reason=" + why);
        }
        return Outcome.done("run=" + training.id() + " state=" + training.state().name() + " version="
                + training.version() + " reason=" + training.message());
    }

    private Outcome gate(OnboardingRun run) {
        StepRecord train = run.step(OnboardingStep.TRAIN);
        if (train.state() == StepState.SKIPPED) {
            return Outcome.skipped("nothing trained: the store serves popularity and co-occurrence");
        }
        String output = train.output();
        String reason = output.substring(output.indexOf("reason=") + "reason=".length());
        if (output.contains("state=PROMOTED")) {
            String version = output.replaceAll(".*version=(\\S+).*", "$1");
            return Outcome.done("model v" + version + " promoted: " + reason);
        }
        if (output.contains("state=NOT_TRAINED")) {
            return Outcome.done("no model could be trained yet (" + reason + "); the store goes live on popularity"
                    + " and co-occurrence and the daily retraining tries again");
        }
        return Outcome.done("the first model did not pass the gate (" + reason
                + "); the store goes live on popularity and co-occurrence and the daily retraining tries again");
    }

    private Outcome smokeTest(OnboardingRun run) {
        if (!run.request().hasData()) {
            return Outcome.skipped("no catalog yet: nothing to recommend until the store sends items");
        }
        String secret = run.apiKeySecret();
        if (secret == null) {
            throw new IllegalStateException("the onboarding key's secret is gone; retry to issue a new key");
        }
        String imported = run.step(OnboardingStep.IMPORT_EVENTS).output();
        if (imported == null || !imported.startsWith(SAMPLE)) {
            return Outcome.skipped("no shopper in the imported history to ask for");
        }
        String[] sample = imported.substring(SAMPLE.length(), imported.indexOf('\n')).split(" ");
        TenantId tenant = run.request().tenantId();
        boolean siloed = ports.find().policyOf(run.request().tier()).deploymentModel()
                == io.shelfwise.tenancy.TierPolicy.DeploymentModel.SILOED;
        String endpoint = ports.infrastructure().dedicatedEndpoint(tenant, siloed).orElse(null);
        String problem = ports.serving().smokeTest(tenant, endpoint, secret, sample[0], sample[1]);
        if (problem != null) {
            throw new IllegalStateException("smoke test failed: " + problem);
        }
        return Outcome.done("home, similar and cart answered non-empty, in-stock lists through the tenant's"
                + " endpoint" + (endpoint == null ? "" : " " + endpoint));
    }

    /** Undoes the done steps, newest first, then records the run as cancelled. */
    private void compensate(OnboardingRun run) {
        TenantId tenant = run.request().tenantId();
        List<OnboardingStep> done = new ArrayList<>(run.steps().values().stream()
                .filter(s -> s.state() == StepState.DONE || s.state() == StepState.RUNNING
                        || s.state() == StepState.FAILED)
                .map(StepRecord::step).toList());
        java.util.Collections.reverse(done);
        for (OnboardingStep step : done) {
            try {
                switch (step) {
                    case API_KEY -> ports.keys().list(tenant).stream()
                            .filter(k -> k.label().equals(keyLabel(run)) && k.revokedAt() == null)
                            .forEach(k -> ports.keys().revoke(tenant, k.id()));
                    case PLACEMENT -> ports.infrastructure().remove(tenant);
                    case DATA_STORES -> ports.dataStores().remove(TenantScope.of(tenant, naming));
                    case IDENTITY -> ports.identity().remove(tenant);
                    case REGISTER -> {
                        Tenant current = ports.find().get(tenant);
                        if (current.state() != TenantState.OFFBOARDED) {
                            ports.change().change(tenant, TenantState.OFFBOARDED);
                        }
                        // Imported rows, keys, usage and the tenant itself: nothing of it stays but this account.
                        ports.records().eraseAllButOnboardings(tenant);
                    }
                    default -> {
                        // Imports, training and deploy leave rows only, erased with the tenant above.
                    }
                }
            } catch (NotFoundException gone) {
                // Already undone.
            }
            Instant now = clock.instant();
            store.saveStep(run.id(), run.step(step).finished(StepState.COMPENSATED, now, run.step(step).output(),
                    run.step(step).error()), now);
        }
        store.saveSecret(run.id(), null);
        store.saveState(run.id(), RunState.CANCELLED, clock.instant());
        LOG.log(System.Logger.Level.INFO, "event=onboarding_cancelled tenant=" + tenant + " run=" + run.id());
    }

    private void checkNotCancelled(String runId) {
        if (find(runId).state() == RunState.CANCELLING) {
            throw new Cancelled();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    private static String reason(RuntimeException e) {
        if (e instanceof ImportRefused refused) {
            return refused.getMessage();
        }
        if (e instanceof DomainException domain) {
            return domain.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Records progress of the running step every so often. */
    private final class Progress {
        private final String runId;
        private StepRecord current;
        private Instant lastSaved = Instant.MIN;

        Progress(String runId, StepRecord started) {
            this.runId = runId;
            this.current = started;
        }

        void report(long done, long total) {
            current = current.progressed(done, total);
            Instant now = clock.instant();
            if (Duration.between(lastSaved, now).compareTo(PROGRESS_EVERY) >= 0) {
                store.saveStep(runId, current, now);
                lastSaved = now;
                renew(runId);
                checkNotCancelled(runId);
            }
        }
    }

    private record Outcome(StepState state, String output) {
        static Outcome done(String output) {
            return new Outcome(StepState.DONE, output);
        }

        static Outcome skipped(String why) {
            return new Outcome(StepState.SKIPPED, why);
        }
    }

    /** An import whose file has too many bad rows; its message is the report. */
    private static final class ImportRefused extends RuntimeException {
        ImportRefused(String report) {
            super(report);
        }
    }

    /** The run was cancelled while this step ran. */
    private static final class Cancelled extends RuntimeException {
    }
}
