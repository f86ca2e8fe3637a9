package io.shelfwise.recommendation.training;

import io.shelfwise.recommendation.port.out.ModelArtifacts;
import io.shelfwise.recommendation.registry.PropertiesFiles;
import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Each tenant's training runs, recorded beside its models in the tenant's own artifact space, so any replica answers
 * for a run another one started.
 */
public final class TrainingRunLog {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final ModelArtifacts artifacts;

    public TrainingRunLog(ModelArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    /** Records a training run's latest state under {@code models/runs/}, so every replica can answer for it. */
    public void save(TenantId tenant, TrainingRun run) {
        Properties p = new Properties();
        p.setProperty("id", run.id());
        p.setProperty("state", run.state().name());
        p.setProperty("requestedAt", run.requestedAt().toString());
        optional(p, "startedAt", run.startedAt());
        optional(p, "finishedAt", run.finishedAt());
        p.setProperty("epoch", Integer.toString(run.epoch()));
        p.setProperty("epochs", Integer.toString(run.epochs()));
        p.setProperty("losses", String.join(",", run.losses().stream().map(String::valueOf).toList()));
        p.setProperty("elapsed", run.elapsed().toString());
        optional(p, "eta", run.eta());
        optional(p, "version", run.version());
        optional(p, "message", run.message());
        artifacts.put(tenant, runName(run.id()), PropertiesFiles.write(p));
    }

    /** Deletes the recorded runs but the {@code keep} newest. */
    public void prune(TenantId tenant, int keep) {
        List<TrainingRun> all = list(tenant, Integer.MAX_VALUE);
        for (TrainingRun old : all.subList(Math.min(keep, all.size()), all.size())) {
            artifacts.delete(tenant, runName(old.id()));
        }
    }

    /** A run recorded by {@link #save}, by any replica; empty for an id that cannot be one. */
    public Optional<TrainingRun> find(TenantId tenant, String id) {
        if (id == null || !RUN_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return artifacts.get(tenant, runName(id)).map(bytes -> runFrom(PropertiesFiles.read(bytes)));
    }

    /** The recorded runs, newest first, at most {@code limit}. */
    public List<TrainingRun> list(TenantId tenant, int limit) {
        List<TrainingRun> runs = new ArrayList<>();
        for (String name : artifacts.list(tenant, "models/runs/")) {
            artifacts.get(tenant, name).ifPresent(bytes -> runs.add(runFrom(PropertiesFiles.read(bytes))));
        }
        runs.sort(Comparator.comparing(TrainingRun::requestedAt).reversed());
        return runs.subList(0, Math.min(limit, runs.size()));
    }

    private static String runName(String id) {
        return "models/runs/" + id + ".properties";
    }

    private static void optional(Properties p, String key, Object value) {
        if (value != null) {
            p.setProperty(key, value.toString());
        }
    }

    private static TrainingRun runFrom(Properties p) {
        String losses = p.getProperty("losses", "");
        return new TrainingRun(p.getProperty("id"), TrainingRun.State.valueOf(p.getProperty("state")),
                Instant.parse(p.getProperty("requestedAt")),
                p.getProperty("startedAt") == null ? null : Instant.parse(p.getProperty("startedAt")),
                p.getProperty("finishedAt") == null ? null : Instant.parse(p.getProperty("finishedAt")),
                Integer.parseInt(p.getProperty("epoch")), Integer.parseInt(p.getProperty("epochs")),
                losses.isEmpty() ? List.of() : Arrays.stream(losses.split(",")).map(Double::valueOf).toList(),
                Duration.parse(p.getProperty("elapsed")),
                p.getProperty("eta") == null ? null : Duration.parse(p.getProperty("eta")),
                p.getProperty("version") == null ? null : Integer.valueOf(p.getProperty("version")),
                p.getProperty("message"));
    }
}
