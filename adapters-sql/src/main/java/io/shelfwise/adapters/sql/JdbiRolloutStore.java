package io.shelfwise.adapters.sql;

import io.shelfwise.rollout.Recipe;
import io.shelfwise.rollout.Rollout;
import io.shelfwise.rollout.TenantStep;
import io.shelfwise.rollout.Wave;
import io.shelfwise.rollout.port.out.RolloutStore;
import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Rollouts in SQL: a row per rollout (its recipe's columns, or its image), a row per tenant step in wave order,
 * replaced together on each save.
 */
public final class JdbiRolloutStore implements RolloutStore {
    private static final int TEXT = 2000;

    private final SqlDatabase db;
    private final Leases leases;

    public JdbiRolloutStore(SqlDatabase db) {
        this.db = db;
        this.leases = new Leases(db, "rollouts");
    }

    @Override
    public void save(Rollout r) {
        db.jdbi().useTransaction(h -> {
            int updated = h.createUpdate("UPDATE rollouts SET state = :state, message = :message, "
                            + "updated_at = :updated WHERE id = :id")
                    .bind("state", r.state().name()).bind("message", clip(r.message()))
                    .bind("updated", SqlDatabase.utc(r.updatedAt())).bind("id", r.id()).execute();
            if (updated == 0) {
                Recipe recipe = r.recipe();
                h.createUpdate("INSERT INTO rollouts (id, state, factors, epochs, learning_rate, regularization, "
                                + "image, max_rejected_share, message, created_at, updated_at) VALUES (:id, :state, "
                                + ":factors, :epochs, :lr, :reg, :image, :share, :message, :created, :updated)")
                        .bind("id", r.id()).bind("state", r.state().name())
                        .bind("factors", recipe == null ? null : recipe.factors())
                        .bind("epochs", recipe == null ? null : recipe.epochs())
                        .bind("lr", recipe == null ? null : recipe.learningRate())
                        .bind("reg", recipe == null ? null : recipe.regularization()).bind("image", r.image())
                        .bind("share", r.maxRejectedShare())
                        .bind("message", clip(r.message())).bind("created", SqlDatabase.utc(r.createdAt()))
                        .bind("updated", SqlDatabase.utc(r.updatedAt())).execute();
            }
            h.createUpdate("DELETE FROM rollout_tenants WHERE rollout_id = :id").bind("id", r.id()).execute();
            PreparedBatch batch = h.prepareBatch("INSERT INTO rollout_tenants (rollout_id, position, tenant_id, wave, "
                    + "state, previous_version, new_version, run_id, previous_image, message, changed_at) VALUES (:id, "
                    + ":position, :tenant, :wave, :state, :previous, :next, :run, :previousImage, :message, :at)");
            for (int i = 0; i < r.tenants().size(); i++) {
                TenantStep s = r.tenants().get(i);
                batch.bind("id", r.id()).bind("position", i).bind("tenant", s.tenant().value())
                        .bind("wave", s.wave().name()).bind("state", s.state().name())
                        .bind("previous", s.previousVersion()).bind("next", s.newVersion()).bind("run", s.runId())
                        .bind("previousImage", s.previousImage()).bind("message", clip(s.message()))
                        .bind("at", s.at() == null ? null : SqlDatabase.utc(s.at())).add();
            }
            if (!r.tenants().isEmpty()) {
                batch.execute();
            }
        });
    }

    @Override
    public void saveStep(Rollout r, TenantStep s) {
        db.jdbi().useTransaction(h -> {
            h.createUpdate("UPDATE rollouts SET message = :message, updated_at = :updated WHERE id = :id")
                    .bind("message", clip(r.message())).bind("updated", SqlDatabase.utc(r.updatedAt()))
                    .bind("id", r.id()).execute();
            int updated = h.createUpdate("UPDATE rollout_tenants SET state = :state, previous_version = :previous, "
                            + "new_version = :next, run_id = :run, previous_image = :previousImage, message = :message, "
                            + "changed_at = :at WHERE rollout_id = :id AND tenant_id = :tenant")
                    .bind("state", s.state().name()).bind("previous", s.previousVersion())
                    .bind("next", s.newVersion()).bind("run", s.runId()).bind("previousImage", s.previousImage())
                    .bind("message", clip(s.message())).bind("at", s.at() == null ? null : SqlDatabase.utc(s.at()))
                    .bind("id", r.id()).bind("tenant", s.tenant().value()).execute();
            if (updated != 1) {
                throw new IllegalStateException("rollout " + r.id() + " has no step for tenant " + s.tenant());
            }
        });
    }

    @Override
    public Optional<Rollout> find(String id) {
        return db.jdbi().withHandle(h -> load(h, id));
    }

    @Override
    public boolean changeState(String id, Rollout.State expected, Rollout.State next, String message,
                               java.time.Instant at) {
        return db.jdbi().withHandle(h -> h.createUpdate("UPDATE rollouts SET state = :next, message = :message, "
                        + "updated_at = :at WHERE id = :id AND state = :expected")
                .bind("next", next.name()).bind("message", clip(message)).bind("at", SqlDatabase.utc(at))
                .bind("id", id).bind("expected", expected.name()).execute()) == 1;
    }

    @Override
    public Optional<Rollout.State> state(String id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT state FROM rollouts WHERE id = :id").bind("id", id)
                .mapTo(String.class).findOne().map(Rollout.State::valueOf));
    }

    @Override
    public List<Rollout> list() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM rollouts ORDER BY created_at DESC, id DESC")
                .mapTo(String.class).list().stream().map(id -> load(h, id).orElseThrow()).toList());
    }

    @Override
    public List<String> running() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM rollouts WHERE state = :state ORDER BY id")
                .bind("state", Rollout.State.RUNNING.name()).mapTo(String.class).list());
    }

    @Override
    public boolean claim(String id, String owner, java.time.Instant now, java.time.Instant until) {
        return leases.claim(id, owner, now, until);
    }

    @Override
    public void release(String id, String owner) {
        leases.release(id, owner);
    }

    private static Optional<Rollout> load(Handle h, String id) {
        List<TenantStep> steps = h.createQuery("SELECT * FROM rollout_tenants WHERE rollout_id = :id ORDER BY position")
                .bind("id", id)
                .map((rs, ctx) -> new TenantStep(new TenantId(rs.getString("tenant_id")),
                        Wave.valueOf(rs.getString("wave")), TenantStep.State.valueOf(rs.getString("state")),
                        rs.getObject("previous_version", Integer.class), rs.getObject("new_version", Integer.class),
                        rs.getString("run_id"), rs.getString("previous_image"), rs.getString("message"),
                        rs.getObject("changed_at") == null ? null : SqlDatabase.instant(rs, "changed_at")))
                .list();
        return h.createQuery("SELECT * FROM rollouts WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Rollout(rs.getString("id"), rs.getString("image") != null ? null
                        : new Recipe(rs.getInt("factors"), rs.getInt("epochs"), rs.getDouble("learning_rate"),
                        rs.getDouble("regularization")), rs.getString("image"), rs.getDouble("max_rejected_share"), Rollout.State.valueOf(rs.getString("state")),
                        SqlDatabase.instant(rs, "created_at"), SqlDatabase.instant(rs, "updated_at"), steps,
                        rs.getString("message")))
                .findOne();
    }

    private static String clip(String text) {
        return text == null || text.length() <= TEXT ? text : text.substring(0, TEXT);
    }
}
