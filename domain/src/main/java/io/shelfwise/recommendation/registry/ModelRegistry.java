package io.shelfwise.recommendation.registry;

import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.port.out.ModelArtifacts;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.ServingBlend;
import io.shelfwise.recommendation.ranking.SparseItemModel;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.tenancy.TenantId;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each tenant's trained models, kept in the tenant's own artifact space ({@link ModelArtifacts}: a directory per
 * tenant embedded, the tenant's S3 prefix on AWS), so a tenant's registry is as isolated as its artifacts:
 * <ul>
 *   <li>{@code models/v000003/factors.bin}: the immutable model ({@link FactorModelCodec}), written first;</li>
 *   <li>{@code models/v000003/ease.bin}: the sparse EASE item model ({@link SparseItemModelCodec}), only for a
 *       version that serves from it (its home recipe, or a surface where it won), written beside the factors;</li>
 *   <li>{@code models/v000003/model.properties}: its {@link ModelVersion} (training summary, gate metrics,
 *       status), written after the model, so a listed version always has its model;</li>
 *   <li>{@code models/active.properties}: the active version and the versions active before it, newest first,
 *       which {@link #rollback} walks back.</li>
 * </ul>
 * Changes to one tenant's registry are serialised within this process. Replicas that share the artifact store see
 * a change at their next read of the pointer; two replicas promoting at the same instant is last-writer-wins.
 */
public final class ModelRegistry {
    private static final String POINTER = "models/active.properties";
    private static final Pattern METADATA = Pattern.compile("models/v(\\d{6})/model\\.properties");

    private final ModelArtifacts artifacts;
    private final Map<TenantId, Object> locks = new ConcurrentHashMap<>();

    public ModelRegistry(ModelArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    /** Every version of the tenant, newest first. */
    public List<ModelVersion> versions(TenantId tenant) {
        List<ModelVersion> versions = new ArrayList<>();
        OptionalInt active = activeVersion(tenant);
        for (String name : artifacts.list(tenant, "models/")) {
            Matcher m = METADATA.matcher(name);
            if (m.matches()) {
                stored(tenant, Integer.parseInt(m.group(1))).map(v -> withActive(v, active)).ifPresent(versions::add);
            }
        }
        versions.sort(Comparator.comparingInt(ModelVersion::version).reversed());
        return versions;
    }

    /** The version, its status as the active pointer says (which wins over what its metadata last recorded). */
    public Optional<ModelVersion> version(TenantId tenant, int version) {
        return stored(tenant, version).map(v -> withActive(v, activeVersion(tenant)));
    }

    private Optional<ModelVersion> stored(TenantId tenant, int version) {
        if (version < 1) {
            return Optional.empty();
        }
        return artifacts.get(tenant, ModelVersion.metadataOf(version))
                .map(bytes -> fromProperties(version, PropertiesFiles.read(bytes)));
    }

    /**
     * The pointer decides which version is active: if a promotion stopped between writing the pointer and the
     * metadata (a crash, a failed write), the listing still tells the truth.
     */
    private static ModelVersion withActive(ModelVersion v, OptionalInt active) {
        boolean isActive = active.isPresent() && active.getAsInt() == v.version();
        if (isActive) {
            return v.withStatus(ModelVersion.Status.ACTIVE);
        }
        return v.status() == ModelVersion.Status.ACTIVE ? v.withStatus(ModelVersion.Status.INACTIVE) : v;
    }

    /** The version serving now, from the pointer alone (one small read). */
    public OptionalInt activeVersion(TenantId tenant) {
        return pointer(tenant).active();
    }

    /** The number the tenant's next model gets. */
    public int nextVersion(TenantId tenant) {
        return versions(tenant).stream().mapToInt(ModelVersion::version).max().orElse(0) + 1;
    }

    /** Stores a new version: its model, then its metadata. Its status must not be ACTIVE; {@link #promote} makes it so. */
    public ModelVersion add(TenantId tenant, ModelVersion version, FactorModel model) {
        return add(tenant, version, model, null);
    }

    /**
     * As {@link #add(TenantId, ModelVersion, FactorModel)}, with the EASE item model it serves from ({@code null}
     * for none; one is required when its gate chose EASE for home or another surface).
     */
    public ModelVersion add(TenantId tenant, ModelVersion version, FactorModel model, SparseItemModel itemModel) {
        if (version.gate().usesItemModel() && itemModel == null) {
            throw new IllegalArgumentException("a version that serves from EASE needs its item model");
        }
        if (version.status() == ModelVersion.Status.ACTIVE) {
            throw new IllegalArgumentException("a new version is added inactive and then promoted");
        }
        synchronized (lock(tenant)) {
            if (artifacts.get(tenant, ModelVersion.metadataOf(version.version())).isPresent()) {
                throw new ConflictException("model version " + version.version() + " already exists");
            }
            artifacts.put(tenant, version.artifact(), FactorModelCodec.encode(model));
            if (itemModel != null) {
                artifacts.put(tenant, ModelVersion.itemModelOf(version.version()),
                        SparseItemModelCodec.encode(itemModel));
            }
            writeMetadata(tenant, version);
            return version;
        }
    }

    public FactorModel load(TenantId tenant, int version) {
        byte[] artifact = artifacts.get(tenant, ModelVersion.artifactOf(version))
                .orElseThrow(() -> new NotFoundException("model version", Integer.toString(version)));
        return FactorModelCodec.decode(artifact);
    }

    /** The version's EASE item model, if it was stored with one. */
    public Optional<SparseItemModel> loadItemModel(TenantId tenant, int version) {
        return artifacts.get(tenant, ModelVersion.itemModelOf(version)).map(SparseItemModelCodec::decode);
    }

    /** Loads all a version serves with, so that a corrupt or missing part is refused before it is announced. */
    private void loadServed(TenantId tenant, ModelVersion version) {
        load(tenant, version.version());
        if (version.gate().usesItemModel() && loadItemModel(tenant, version.version()).isEmpty()) {
            throw new NotFoundException("item model of model version", Integer.toString(version.version()));
        }
    }

    /**
     * Makes {@code version} the active one (also a rejected one: that is the operator's call), remembering the
     * version it replaces for {@link #rollback}. Promoting the active version changes nothing.
     */
    public ModelVersion promote(TenantId tenant, int version) {
        synchronized (lock(tenant)) {
            ModelVersion target = version(tenant, version)
                    .orElseThrow(() -> new NotFoundException("model version", Integer.toString(version)));
            Pointer pointer = pointer(tenant);
            if (pointer.active().isPresent() && pointer.active().getAsInt() == version) {
                return target;
            }
            // The model must load before it is announced; a corrupt one is refused here, not in serving.
            loadServed(tenant, target);
            List<Integer> previous = new ArrayList<>();
            pointer.active().ifPresent(previous::add);
            pointer.previous().stream().filter(v -> v != version).forEach(previous::add);
            writePointer(tenant, new Pointer(OptionalInt.of(version), previous));
            pointer.active().ifPresent(old -> version(tenant, old)
                    .ifPresent(v -> writeMetadata(tenant, v.withStatus(ModelVersion.Status.INACTIVE))));
            ModelVersion promoted = target.withStatus(ModelVersion.Status.ACTIVE);
            writeMetadata(tenant, promoted);
            return promoted;
        }
    }

    /** Goes back to the version that was active before the current one; that one stays listed, inactive. */
    public ModelVersion rollback(TenantId tenant) {
        synchronized (lock(tenant)) {
            Pointer pointer = pointer(tenant);
            if (pointer.active().isEmpty()) {
                throw new ConflictException("no model is active, so there is nothing to roll back");
            }
            if (pointer.previous().isEmpty()) {
                throw new ConflictException("model version " + pointer.active().getAsInt()
                        + " is the first one this tenant activated; there is no earlier model to roll back to");
            }
            int current = pointer.active().getAsInt();
            int back = pointer.previous().getFirst();
            ModelVersion restored = version(tenant, back)
                    .orElseThrow(() -> new NotFoundException("model version", Integer.toString(back)));
            loadServed(tenant, restored);
            writePointer(tenant, new Pointer(OptionalInt.of(back),
                    pointer.previous().subList(1, pointer.previous().size())));
            version(tenant, current).ifPresent(v -> writeMetadata(tenant, v.withStatus(ModelVersion.Status.INACTIVE)));
            ModelVersion active = restored.withStatus(ModelVersion.Status.ACTIVE);
            writeMetadata(tenant, active);
            return active;
        }
    }

    private Object lock(TenantId tenant) {
        return locks.computeIfAbsent(tenant, t -> new Object());
    }

    private Pointer pointer(TenantId tenant) {
        return artifacts.get(tenant, POINTER).map(bytes -> {
            Properties p = PropertiesFiles.read(bytes);
            String active = p.getProperty("active", "");
            String previous = p.getProperty("previous", "");
            return new Pointer(active.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(active)),
                    previous.isEmpty() ? List.of()
                            : Arrays.stream(previous.split(",")).map(Integer::parseInt).toList());
        }).orElse(new Pointer(OptionalInt.empty(), List.of()));
    }

    private void writePointer(TenantId tenant, Pointer pointer) {
        Properties p = new Properties();
        p.setProperty("active", pointer.active().isPresent() ? Integer.toString(pointer.active().getAsInt()) : "");
        p.setProperty("previous", String.join(",", pointer.previous().stream().map(String::valueOf).toList()));
        artifacts.put(tenant, POINTER, PropertiesFiles.write(p));
    }

    private void writeMetadata(TenantId tenant, ModelVersion v) {
        artifacts.put(tenant, ModelVersion.metadataOf(v.version()), PropertiesFiles.write(toProperties(v)));
    }

    private static Properties toProperties(ModelVersion v) {
        Properties p = new Properties();
        p.setProperty("version", Integer.toString(v.version()));
        p.setProperty("status", v.status().name());
        p.setProperty("createdAt", v.createdAt().toString());
        p.setProperty("trainedUntil", v.trainedUntil().toString());
        TrainingSummary t = v.training();
        p.setProperty("training.events", Integer.toString(t.events()));
        p.setProperty("training.pairs", Integer.toString(t.pairs()));
        p.setProperty("training.shoppers", Integer.toString(t.shoppers()));
        p.setProperty("training.items", Integer.toString(t.items()));
        p.setProperty("training.factors", Integer.toString(t.factors()));
        p.setProperty("training.epochs", Integer.toString(t.epochs()));
        p.setProperty("training.loss", Double.toString(t.loss()));
        p.setProperty("training.duration", t.duration().toString());
        GateResult g = v.gate();
        p.setProperty("gate.opponent", g.opponent());
        p.setProperty("gate.metric", g.metric());
        p.setProperty("gate.candidateScore", Double.toString(g.candidateScore()));
        p.setProperty("gate.opponentScore", Double.toString(g.opponentScore()));
        p.setProperty("gate.margin", Double.toString(g.margin()));
        p.setProperty("gate.passed", Boolean.toString(g.passed()));
        p.setProperty("gate.reason", g.reason());
        p.setProperty("gate.reports", Integer.toString(g.reports().size()));
        p.setProperty("gate.home.learner", g.home().learner().name());
        p.setProperty("gate.home.modelWeight", Double.toString(g.home().modelWeight()));
        p.setProperty("gate.home.recentItems", Boolean.toString(g.home().recentItems()));
        p.setProperty("gate.home.sequenceWeight", Double.toString(g.home().sequenceWeight()));
        p.setProperty("gate.home.longTermProfile", Boolean.toString(g.home().longTermProfile()));
        p.setProperty("gate.home.blendWeight", Double.toString(g.home().blendWeight()));
        p.setProperty("gate.surfaceMargin", Boolean.toString(g.surfaceMargin()));
        for (int i = 0; i < g.reports().size(); i++) {
            EvaluationReport r = g.reports().get(i);
            String k = "gate.report." + i + ".";
            p.setProperty(k + "model", r.model());
            p.setProperty(k + "surface", r.surface().name());
            p.setProperty(k + "k", Integer.toString(r.k()));
            p.setProperty(k + "queries", Integer.toString(r.queries()));
            p.setProperty(k + "recall", Double.toString(r.recall()));
            p.setProperty(k + "ndcg", Double.toString(r.ndcg()));
            p.setProperty(k + "mrr", Double.toString(r.mrr()));
            p.setProperty(k + "coverage", Double.toString(r.coverage()));
        }
        return p;
    }

    private static ModelVersion fromProperties(int version, Properties p) {
        List<EvaluationReport> reports = new ArrayList<>();
        int n = Integer.parseInt(p.getProperty("gate.reports", "0"));
        for (int i = 0; i < n; i++) {
            String k = "gate.report." + i + ".";
            reports.add(new EvaluationReport(p.getProperty(k + "model"), Surface.valueOf(p.getProperty(k + "surface")),
                    integer(p, k + "k"), integer(p, k + "queries"), decimal(p, k + "recall"), decimal(p, k + "ndcg"),
                    decimal(p, k + "mrr"), decimal(p, k + "coverage")));
        }
        return new ModelVersion(version, ModelVersion.Status.valueOf(p.getProperty("status")),
                Instant.parse(p.getProperty("createdAt")), Instant.parse(p.getProperty("trainedUntil")),
                new TrainingSummary(integer(p, "training.events"), integer(p, "training.pairs"),
                        integer(p, "training.shoppers"), integer(p, "training.items"), integer(p, "training.factors"),
                        integer(p, "training.epochs"), decimal(p, "training.loss"),
                        Duration.parse(p.getProperty("training.duration"))),
                new GateResult(p.getProperty("gate.opponent"), p.getProperty("gate.metric"),
                        decimal(p, "gate.candidateScore"), decimal(p, "gate.opponentScore"), decimal(p, "gate.margin"),
                        Boolean.parseBoolean(p.getProperty("gate.passed")), p.getProperty("gate.reason"), reports,
                        // Versions stored before home recipes were chosen per tenant served home without taste.
                        p.getProperty("gate.home.modelWeight") == null ? HomeRecipe.WITHOUT_TASTE
                                : new HomeRecipe(HomeRecipe.Learner.valueOf(p.getProperty("gate.home.learner",
                                HomeRecipe.Learner.IALS.name())), decimal(p, "gate.home.modelWeight"),
                                Boolean.parseBoolean(p.getProperty("gate.home.recentItems")),
                                // Versions stored before the sequence and the profile were tried have neither.
                                Double.parseDouble(p.getProperty("gate.home.sequenceWeight", "0")),
                                Boolean.parseBoolean(p.getProperty("gate.home.longTermProfile")),
                                Double.parseDouble(p.getProperty("gate.home.blendWeight",
                                        Double.toString(ServingBlend.WEIGHTS.home())))),
                        // Versions stored before the margin rule keep the per-surface choices they were promoted with.
                        Boolean.parseBoolean(p.getProperty("gate.surfaceMargin", "false"))));
    }

    private static int integer(Properties p, String key) {
        return Integer.parseInt(p.getProperty(key));
    }

    private static double decimal(Properties p, String key) {
        return Double.parseDouble(p.getProperty(key));
    }

    private record Pointer(OptionalInt active, List<Integer> previous) {
    }
}
