package io.shelfwise.app.web;

import io.shelfwise.common.ValidationException;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.port.in.ManageModels;
import io.shelfwise.recommendation.port.in.TrainModels;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.registry.TrainingSummary;
import io.shelfwise.recommendation.training.TrainingRun;
import io.shelfwise.tenancy.TenantId;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/models}: the tenant's learned models: start a training run and follow its progress, list the versions
 * with their evaluation metrics and the gate's decision, promote one by hand, roll back.
 */
@Audience(Audience.Caller.TENANT)
@Path("v1/models")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelsResource {
    private final TrainModels training;
    private final ManageModels models;

    @Context
    private SecurityContext security;

    public ModelsResource(TrainModels training, ManageModels models) {
        this.training = training;
        this.models = models;
    }

    @POST
    @Path("trainings")
    public Response train() {
        TrainingRun run = training.startTraining(tenant());
        return Response.accepted(json(run)).location(URI.create("v1/models/trainings/" + run.id())).build();
    }

    @GET
    @Path("trainings")
    public TrainingRunsJson runs() {
        return new TrainingRunsJson(training.trainingRuns(tenant()).stream().map(ModelsResource::json).toList());
    }

    @GET
    @Path("trainings/{runId}")
    public TrainingRunJson run(@PathParam("runId") String runId) {
        return json(training.trainingRun(tenant(), runId));
    }

    @GET
    public ModelsJson list() {
        List<ModelVersion> versions = models.modelVersions(tenant());
        Integer active = versions.stream().filter(v -> v.status() == ModelVersion.Status.ACTIVE)
                .map(ModelVersion::version).findFirst().orElse(null);
        return new ModelsJson(active, versions.stream().map(ModelsResource::json).toList());
    }

    @GET
    @Path("{version}")
    public ModelVersionJson version(@PathParam("version") String version) {
        return json(models.modelVersion(tenant(), versionParam(version)));
    }

    @POST
    @Path("{version}/promote")
    public ModelVersionJson promote(@PathParam("version") String version) {
        return json(models.promote(tenant(), versionParam(version)));
    }

    @POST
    @Path("rollback")
    public ModelVersionJson rollback() {
        return json(models.rollback(tenant()));
    }

    private TenantId tenant() {
        return TenantPrincipal.of(security).tenantId();
    }

    private static int versionParam(String raw) {
        int version = Bodies.intParam("version", raw, 0);
        if (version < 1) {
            throw ValidationException.of("version", "must be a version number (1, 2, ...), not '" + raw + "'");
        }
        return version;
    }

    private static TrainingRunJson json(TrainingRun r) {
        return new TrainingRunJson(r.id(), r.state().name().toLowerCase(java.util.Locale.ROOT),
                text(r.requestedAt()), text(r.startedAt()), text(r.finishedAt()), r.epoch(), r.epochs(), r.losses().isEmpty() ? null : r.losses().getLast(),
                r.losses(), r.elapsed().toMillis(), r.eta() == null ? null : r.eta().toMillis(), r.version(),
                r.message());
    }

    private static ModelVersionJson json(ModelVersion v) {
        TrainingSummary t = v.training();
        GateResult g = v.gate();
        return new ModelVersionJson(v.version(), v.status().name().toLowerCase(java.util.Locale.ROOT),
                text(v.createdAt()), text(v.trainedUntil()),
                new TrainingJson(t.events(), t.pairs(), t.shoppers(), t.items(), t.factors(), t.epochs(),
                        Double.isNaN(t.loss()) ? null : t.loss(), t.duration().toMillis()),
                new GateJson(g.opponent(), g.metric(), g.candidateScore(), g.opponentScore(), g.margin(), g.passed(),
                        g.reason(), surfaces(g), new HomeRecipeJson(g.home().learner().wireName(),
                        g.home().modelWeight(), Math.round((1 - g.home().modelWeight()) * 1e9) / 1e9,
                        g.home().recentItems(), g.home().sequenceWeight(), g.home().longTermProfile(),
                        g.home().blendWeight(), g.home().describe()),
                        g.reports().stream().map(ModelsResource::json).toList()));
    }

    private static Map<String, String> surfaces(GateResult g) {
        Map<String, String> surfaces = new LinkedHashMap<>();
        g.choices().forEach((surface, choice) -> surfaces.put(surface.wireName(), choice.wireName()));
        return surfaces;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static MetricsJson json(EvaluationReport r) {
        return new MetricsJson(r.model(), r.surface().wireName(), r.k(), r.queries(), r.recall(), r.ndcg(), r.mrr(),
                r.coverage());
    }

    /** A training run on the wire; {@code loss} is the latest epoch's, {@code etaMs} null outside training. */
    public record TrainingRunJson(String id, String state, String requestedAt, String startedAt, String finishedAt,
                                  int epoch, int epochs, Double loss, List<Double> losses, long elapsedMs, Long etaMs,
                                  Integer version, String message) {
    }

    public record TrainingRunsJson(List<TrainingRunJson> runs) {
    }

    /** The registry: the active version (null before any) and every version, newest first. */
    public record ModelsJson(Integer active, List<ModelVersionJson> versions) {
    }

    public record ModelVersionJson(int version, String status, String createdAt, String trainedUntil,
                                   TrainingJson training, GateJson gate) {
    }

    public record TrainingJson(int events, int pairs, int shoppers, int items, int factors, int epochs, Double loss,
                               long durationMs) {
    }

    /**
     * The gate's verdict; {@code surfaces} says what each surface serves while the version is active, {@code home}
     * how its home list is composed.
     */
    public record GateJson(String opponent, String metric, double candidateScore, double opponentScore, double margin,
                           boolean passed, String reason, Map<String, String> surfaces, HomeRecipeJson home,
                           List<MetricsJson> metrics) {
    }

    /**
     * The home recipe the gate kept: the learned model behind it ({@code ials} or {@code ease}), the personalised
     * list's and the taste list's weights, recent items, the weight of where shoppers went next, whether the
     * long-term profile is used, and the learned model's weight against co-occurrence.
     */
    public record HomeRecipeJson(String learner, double modelWeight, double tasteWeight, boolean recentItems,
                                 double sequenceWeight, boolean longTermProfile, double blendWeight,
                                 String description) {
    }

    /** One model's metrics on one surface: {@code candidate}, {@code opponent}, {@code cooccurrence}, {@code popularity}. */
    public record MetricsJson(String model, String surface, int k, int queries, double recall, double ndcg, double mrr,
                              double coverage) {
    }
}
