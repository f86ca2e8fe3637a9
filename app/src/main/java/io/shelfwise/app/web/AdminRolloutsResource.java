package io.shelfwise.app.web;

import io.shelfwise.common.ValidationException;
import io.shelfwise.rollout.Recipe;
import io.shelfwise.rollout.Rollout;
import io.shelfwise.rollout.TenantStep;
import io.shelfwise.rollout.port.in.ManageRollouts;
import io.shelfwise.tenancy.TenantId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /admin/v1/rollouts}: ship a training recipe or an app image to every tenant in waves (canaries, Standard, Premium,
 * Enterprise) with a health gate between waves; follow it live, pause, resume or abort it.
 */
@Audience(Audience.Caller.OPERATOR)
@Path("admin/v1/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminRolloutsResource {
    private static final Duration EVENTS_EVERY = Duration.ofMillis(500);

    private final ManageRollouts rollouts;

    public AdminRolloutsResource(ManageRollouts rollouts) {
        this.rollouts = rollouts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(NewRollout body) {
        if (body == null || (body.recipe() == null) == (body.image() == null)) {
            throw ValidationException.of(body != null && body.image() != null ? "image" : "recipe",
                    "give exactly one change to roll out: a recipe (factors, epochs, learningRate and "
                            + "regularization) or an app image");
        }
        List<TenantId> canaries = new ArrayList<>();
        List<String> given = body.canaries() == null ? List.of() : body.canaries();
        for (int i = 0; i < given.size(); i++) {
            try {
                canaries.add(new TenantId(given.get(i)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw ValidationException.of("canaries[" + i + "]", "is not a tenant id");
            }
        }
        double share = body.maxRejectedShare() == null ? 0 : body.maxRejectedShare();
        Rollout rollout;
        if (body.image() != null) {
            rollout = rollouts.startImage(body.image(), canaries, share);
        } else {
            RecipeJson r = body.recipe();
            if (r.factors() == null || r.epochs() == null || r.learningRate() == null || r.regularization() == null) {
                throw ValidationException.of("recipe", "needs factors, epochs, learningRate and regularization");
            }
            rollout = rollouts.start(new Recipe(r.factors(), r.epochs(), r.learningRate(), r.regularization()),
                    canaries, share);
        }
        return Response.accepted(json(rollout)).location(URI.create("admin/v1/rollouts/" + rollout.id())).build();
    }

    @GET
    public RolloutsJson list() {
        return new RolloutsJson(rollouts.list().stream().map(AdminRolloutsResource::json).toList());
    }

    @GET
    @Path("{id}")
    public RolloutJson get(@PathParam("id") String id) {
        return json(rollouts.get(id));
    }

    @POST
    @Path("{id}/pause")
    public RolloutJson pause(@PathParam("id") String id) {
        return json(rollouts.pause(id));
    }

    @POST
    @Path("{id}/resume")
    public RolloutJson resume(@PathParam("id") String id) {
        return json(rollouts.resume(id));
    }

    @POST
    @Path("{id}/abort")
    public RolloutJson abort(@PathParam("id") String id) {
        return json(rollouts.abort(id));
    }

    /** The rollout as server-sent events: a {@code rollout} event whenever it changed, until it ends. */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        rollouts.get(id);
        ServerEvents.follow(sink, sse, "rollout", RolloutJson.class, () -> json(rollouts.get(id)),
                ServerEvents.Watch.none(),
                r -> r.state() + r.updatedAt() + r.tenants(), RolloutJson::updatedAt,
                r -> r.state().equals("running") || r.state().equals("paused"), EVENTS_EVERY);
    }

    static RolloutJson json(Rollout r) {
        return new RolloutJson(r.id(), r.kind().wireName(), r.state().wireName(), r.recipe() == null ? null
                : new RecipeJson(r.recipe().factors(), r.recipe().epochs(), r.recipe().learningRate(),
                r.recipe().regularization()), r.image(), r.maxRejectedShare(), r.createdAt().toString(), r.updatedAt().toString(), r.message(),
                r.tenants().stream().map(AdminRolloutsResource::json).toList());
    }

    private static TenantStepJson json(TenantStep s) {
        return new TenantStepJson(s.tenant().value(), s.wave().wireName(), s.state().wireName(), s.previousVersion(),
                s.newVersion(), s.runId(), s.previousImage(), s.message(), s.at() == null ? null : s.at().toString());
    }

    public record RecipeJson(Integer factors, Integer epochs, Double learningRate, Double regularization) {
    }

    public record NewRollout(RecipeJson recipe, String image, List<String> canaries, Double maxRejectedShare) {
    }

    public record TenantStepJson(String tenantId, String wave, String state, Integer previousVersion,
                                 Integer newVersion, String runId, String previousImage, String message,
                                 String changedAt) {
    }

    public record RolloutJson(String id, String kind, String state, RecipeJson recipe, String image,
                              double maxRejectedShare, String createdAt,
                              String updatedAt, String message, List<TenantStepJson> tenants) {
    }

    public record RolloutsJson(List<RolloutJson> rollouts) {
    }
}
