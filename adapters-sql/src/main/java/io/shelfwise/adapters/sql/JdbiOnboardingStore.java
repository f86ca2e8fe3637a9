package io.shelfwise.adapters.sql;

import io.shelfwise.onboarding.OnboardingRequest;
import io.shelfwise.onboarding.OnboardingRun;
import io.shelfwise.onboarding.OnboardingStep;
import io.shelfwise.onboarding.RunState;
import io.shelfwise.onboarding.StepRecord;
import io.shelfwise.onboarding.StepState;
import io.shelfwise.onboarding.port.out.OnboardingStore;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Onboardings in {@code onboarding_runs} and their steps in {@code onboarding_steps}. */
public final class JdbiOnboardingStore implements OnboardingStore {
    private static final int MAX_TEXT = 60_000;

    private final SqlDatabase db;
    private final Leases leases;

    public JdbiOnboardingStore(SqlDatabase db) {
        this.db = db;
        this.leases = new Leases(db, "onboarding_runs");
    }

    @Override
    public boolean insert(OnboardingRun run) {
        return db.inTransaction(h -> {
            int open = h.createQuery("SELECT COUNT(*) FROM onboarding_runs WHERE id = :id OR (tenant_id = :tenant"
                            + " AND state IN ('RUNNING', 'CANCELLING', 'FAILED'))")
                    .bind("id", run.id()).bind("tenant", run.request().tenantId().value())
                    .mapTo(Integer.class).one();
            if (open > 0) {
                return false;
            }
            OnboardingRequest r = run.request();
            h.createUpdate("INSERT INTO onboarding_runs (id, tenant_id, display_name, tier, contact, data_location,"
                            + " state, created_at, updated_at) VALUES (:id, :tenant, :name, :tier, :contact, :data,"
                            + " :state, :created, :created)")
                    .bind("id", run.id()).bind("tenant", r.tenantId().value()).bind("name", r.displayName())
                    .bind("tier", r.tier().name()).bind("contact", r.contact()).bind("data", r.dataLocation())
                    .bind("state", run.state().name()).bind("created", SqlDatabase.utc(run.createdAt()))
                    .execute();
            for (StepRecord step : run.steps().values()) {
                upsertStep(h, run.id(), step);
            }
            return true;
        });
    }

    @Override
    public Optional<OnboardingRun> find(String id) {
        // One snapshot for the steps and the run: read apart, a step saved as failed and then the run's state could
        // be seen as a failed run whose step is still running.
        return db.jdbi().inTransaction(org.jdbi.v3.core.transaction.TransactionIsolationLevel.REPEATABLE_READ,
                h -> load(h, id));
    }

    @Override
    public List<OnboardingRun> list() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM onboarding_runs ORDER BY created_at DESC, id")
                .mapTo(String.class).list().stream().map(id -> load(h, id).orElseThrow()).toList());
    }

    @Override
    public List<OnboardingRun> unfinished() {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id FROM onboarding_runs WHERE state IN ('RUNNING', 'CANCELLING') ORDER BY created_at")
                .mapTo(String.class).list().stream().map(id -> load(h, id).orElseThrow()).toList());
    }

    @Override
    public void saveStep(String runId, StepRecord step, Instant at) {
        db.inTransaction(h -> {
            upsertStep(h, runId, step);
            h.createUpdate("UPDATE onboarding_runs SET updated_at = :at WHERE id = :id")
                    .bind("at", SqlDatabase.utc(at)).bind("id", runId).execute();
            return null;
        });
    }

    @Override
    public void saveState(String runId, RunState state, Instant at) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE onboarding_runs SET state = :state, updated_at = :at"
                        + " WHERE id = :id")
                .bind("state", state.name()).bind("at", SqlDatabase.utc(at)).bind("id", runId).execute());
    }

    @Override
    public void saveSecret(String runId, String secret) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE onboarding_runs SET api_key_secret = :secret WHERE id = :id")
                .bind("secret", secret).bind("id", runId).execute());
    }

    @Override
    public boolean claim(String runId, String owner, Instant now, Instant until) {
        return leases.claim(runId, owner, now, until);
    }

    @Override
    public void release(String runId, String owner) {
        leases.release(runId, owner);
    }

    private static void upsertStep(Handle h, String runId, StepRecord s) {
        int updated = h.createUpdate("UPDATE onboarding_steps SET state = :state, attempts = :attempts,"
                        + " started_at = :started, finished_at = :finished, output = :output, error = :error,"
                        + " done = :done, total = :total WHERE run_id = :run AND step = :step")
                .bindMap(stepColumns(runId, s)).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO onboarding_steps (run_id, step, state, attempts, started_at, finished_at,"
                            + " output, error, done, total) VALUES (:run, :step, :state, :attempts, :started,"
                            + " :finished, :output, :error, :done, :total)")
                    .bindMap(stepColumns(runId, s)).execute();
        }
    }

    private static Map<String, Object> stepColumns(String runId, StepRecord s) {
        Map<String, Object> columns = new java.util.HashMap<>();
        columns.put("run", runId);
        columns.put("step", s.step().name());
        columns.put("state", s.state().name());
        columns.put("attempts", s.attempts());
        columns.put("started", SqlDatabase.utc(s.startedAt()));
        columns.put("finished", SqlDatabase.utc(s.finishedAt()));
        columns.put("output", clip(s.output()));
        columns.put("error", clip(s.error()));
        columns.put("done", s.done());
        columns.put("total", s.total());
        return columns;
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "\n…";
    }

    private static Optional<OnboardingRun> load(Handle h, String id) {
        Map<OnboardingStep, StepRecord> steps = new EnumMap<>(OnboardingStep.class);
        h.createQuery("SELECT * FROM onboarding_steps WHERE run_id = :id").bind("id", id)
                .map((rs, ctx) -> new StepRecord(OnboardingStep.valueOf(rs.getString("step")),
                        StepState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                        SqlDatabase.instant(rs, "started_at"), SqlDatabase.instant(rs, "finished_at"),
                        rs.getString("output"), rs.getString("error"), rs.getLong("done"), rs.getLong("total")))
                .forEach(s -> steps.put(s.step(), s));
        return h.createQuery("SELECT * FROM onboarding_runs WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new OnboardingRun(rs.getString("id"),
                        new OnboardingRequest(new TenantId(rs.getString("tenant_id")), rs.getString("display_name"),
                                Tier.valueOf(rs.getString("tier")), rs.getString("contact"),
                                rs.getString("data_location")),
                        RunState.valueOf(rs.getString("state")), SqlDatabase.instant(rs, "created_at"),
                        SqlDatabase.instant(rs, "updated_at"), steps, rs.getString("api_key_secret")))
                .findOne();
    }
}
