package io.shelfwise.adapters.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shelfwise.segmentation.ChurnModel;
import io.shelfwise.segmentation.ChurnReport;
import io.shelfwise.segmentation.MembershipChanges;
import io.shelfwise.segmentation.Segment;
import io.shelfwise.segmentation.SegmentDefinitions;
import io.shelfwise.segmentation.SegmentMember;
import io.shelfwise.segmentation.SegmentSize;
import io.shelfwise.segmentation.port.out.SegmentStore;
import io.shelfwise.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Segments, members, size history and churn models in SQL; every statement is scoped to one tenant. */
public final class JdbiSegmentStore implements SegmentStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() { };
    private final SqlDatabase db;

    public JdbiSegmentStore(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void save(TenantId tenant, Segment s) {
        db.inTransaction(h -> {
            h.createUpdate("DELETE FROM segments WHERE tenant_id = :t AND id = :id").bind("t", tenant.value())
                    .bind("id", s.id()).execute();
            return h.createUpdate("INSERT INTO segments (tenant_id, id, name, description, definition, version, "
                            + "created_at, updated_at) VALUES (:t, :id, :name, :description, :definition, :version, "
                            + ":created, :updated)")
                    .bind("t", tenant.value()).bind("id", s.id()).bind("name", s.name())
                    .bind("description", s.description()).bind("definition", write(s.definition()))
                    .bind("version", s.version()).bind("created", SqlDatabase.utc(s.createdAt()))
                    .bind("updated", SqlDatabase.utc(s.updatedAt())).execute();
        });
    }

    @Override
    public Optional<Segment> find(TenantId tenant, String segmentId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM segments WHERE tenant_id = :t AND id = :id")
                .bind("t", tenant.value()).bind("id", segmentId).map((rs, ctx) -> segment(rs)).findOne());
    }

    @Override
    public List<Segment> list(TenantId tenant) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM segments WHERE tenant_id = :t "
                + "ORDER BY created_at, id").bind("t", tenant.value()).map((rs, ctx) -> segment(rs)).list());
    }

    private static Segment segment(ResultSet rs) throws SQLException {
        Map<String, Object> definition = read(rs.getString("definition"));
        return new Segment(rs.getString("id"), rs.getString("name"), rs.getString("description"), definition,
                SegmentDefinitions.parse("definition", definition), rs.getInt("version"),
                SqlDatabase.instant(rs, "created_at"), SqlDatabase.instant(rs, "updated_at"));
    }

    @Override
    public boolean delete(TenantId tenant, String segmentId) {
        return db.inTransaction(h -> {
            for (String table : List.of("segment_members", "segment_sizes")) {
                h.createUpdate("DELETE FROM " + table + " WHERE tenant_id = :t AND segment_id = :id")
                        .bind("t", tenant.value()).bind("id", segmentId).execute();
            }
            return h.createUpdate("DELETE FROM segments WHERE tenant_id = :t AND id = :id")
                    .bind("t", tenant.value()).bind("id", segmentId).execute() > 0;
        });
    }

    @Override
    public List<TenantId> tenantsWithSegments() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT tenant_id FROM segments")
                .map((rs, ctx) -> new TenantId(rs.getString(1))).list());
    }

    @Override
    public void applyMembership(TenantId tenant, MembershipChanges changes) {
        db.inTransaction(h -> {
            delete(h, tenant, changes.segmentId(), changes.left());
            delete(h, tenant, changes.segmentId(), changes.entered().stream().map(SegmentMember::userId).toList());
            if (!changes.entered().isEmpty()) {
                PreparedBatch insert = h.prepareBatch("INSERT INTO segment_members (tenant_id, segment_id, user_id, "
                        + "score, reason, since) VALUES (:t, :s, :u, :score, :reason, :since)");
                for (SegmentMember m : changes.entered()) {
                    insert.bind("t", tenant.value()).bind("s", changes.segmentId()).bind("u", m.userId())
                            .bind("score", finite(m.score())).bind("reason", clip(m.reason()))
                            .bind("since", SqlDatabase.utc(m.since())).add();
                }
                insert.execute();
            }
            return null;
        });
    }

    private static void delete(Handle h, TenantId tenant, String segmentId, List<String> users) {
        if (users.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("DELETE FROM segment_members WHERE tenant_id = :t AND segment_id = :s "
                + "AND user_id = :u");
        for (String u : users) {
            batch.bind("t", tenant.value()).bind("s", segmentId).bind("u", u).add();
        }
        batch.execute();
    }

    private static double finite(double score) {
        return Double.isFinite(score) ? score : 0.0;
    }

    private static String clip(String reason) {
        return reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }

    @Override
    public Map<String, SegmentMember> members(TenantId tenant, String segmentId) {
        Map<String, SegmentMember> members = new HashMap<>();
        db.jdbi().useHandle(h -> h.createQuery("SELECT user_id, score, reason, since FROM segment_members "
                        + "WHERE tenant_id = :t AND segment_id = :s").bind("t", tenant.value()).bind("s", segmentId)
                .setFetchSize(1000)
                .map((rs, ctx) -> new SegmentMember(rs.getString("user_id"), rs.getDouble("score"),
                        rs.getString("reason"), SqlDatabase.instant(rs, "since")))
                .forEach(m -> members.put(m.userId(), m)));
        return members;
    }

    @Override
    public void recordSize(TenantId tenant, String segmentId, Instant at, long members) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO segment_sizes (tenant_id, segment_id, at, members) "
                        + "VALUES (:t, :s, :at, :n)").bind("t", tenant.value()).bind("s", segmentId)
                .bind("at", SqlDatabase.utc(at)).bind("n", members).execute());
    }

    @Override
    public List<SegmentSize> sizes(TenantId tenant, String segmentId, Instant since) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT at, members FROM segment_sizes WHERE tenant_id = :t "
                        + "AND segment_id = :s AND at >= :since ORDER BY at").bind("t", tenant.value())
                .bind("s", segmentId).bind("since", SqlDatabase.utc(since))
                .map((rs, ctx) -> new SegmentSize(SqlDatabase.instant(rs, "at"), rs.getLong("members"))).list());
    }

    @Override
    public void saveChurnModel(TenantId tenant, ChurnReport r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("featureNames", r.model().featureNames());
        json.put("means", r.model().means());
        json.put("scales", r.model().scales());
        json.put("weights", r.model().weights());
        json.put("bias", r.model().bias());
        json.put("horizonDays", r.horizonDays());
        json.put("trainCutoff", r.trainCutoff().toString());
        json.put("heldOutCutoff", r.heldOutCutoff().toString());
        json.put("trainExamples", r.trainExamples());
        json.put("heldOutExamples", r.heldOutExamples());
        json.put("churnRate", r.churnRate());
        json.put("auc", r.auc());
        json.put("baselineAuc", r.baselineAuc());
        json.put("trainedAt", r.trainedAt().toString());
        db.inTransaction(h -> {
            h.createUpdate("DELETE FROM churn_models WHERE tenant_id = :t").bind("t", tenant.value()).execute();
            return h.createUpdate("INSERT INTO churn_models (tenant_id, report, trained_at) VALUES (:t, :r, :at)")
                    .bind("t", tenant.value()).bind("r", write(json)).bind("at", SqlDatabase.utc(r.trainedAt()))
                    .execute();
        });
    }

    @Override
    public Optional<ChurnReport> churnModel(TenantId tenant) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT report FROM churn_models WHERE tenant_id = :t")
                .bind("t", tenant.value()).mapTo(String.class).findOne()).map(JdbiSegmentStore::report);
    }

    @SuppressWarnings("unchecked")
    private static ChurnReport report(String text) {
        Map<String, Object> j = read(text);
        ChurnModel model = new ChurnModel((List<String>) j.get("featureNames"), doubles(j.get("means")),
                doubles(j.get("scales")), doubles(j.get("weights")), ((Number) j.get("bias")).doubleValue());
        return new ChurnReport(model, ((Number) j.get("horizonDays")).intValue(),
                Instant.parse((String) j.get("trainCutoff")), Instant.parse((String) j.get("heldOutCutoff")),
                ((Number) j.get("trainExamples")).intValue(), ((Number) j.get("heldOutExamples")).intValue(),
                number(j.get("churnRate")), number(j.get("auc")), number(j.get("baselineAuc")),
                Instant.parse((String) j.get("trainedAt")));
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a segment column", e);
        }
    }

    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, TREE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
