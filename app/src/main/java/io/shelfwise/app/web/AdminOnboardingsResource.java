package io.shelfwise.app.web;

import io.shelfwise.common.ValidationException;
import io.shelfwise.onboarding.OnboardingRequest;
import io.shelfwise.onboarding.OnboardingRun;
import io.shelfwise.onboarding.StepRecord;
import io.shelfwise.onboarding.port.in.ManageOnboardings;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code /admin/v1/onboardings}: one request takes a store from nothing to serving (register, identity, data stores,
 * placement, key, import, first model, gate, deploy, activate, smoke test), followed step by step.
 */
@Audience(Audience.Caller.OPERATOR)
@Path("admin/v1/onboardings")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminOnboardingsResource {
    private final ManageOnboardings onboardings;

    public AdminOnboardingsResource(ManageOnboardings onboardings) {
        this.onboardings = onboardings;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(NewOnboarding body) {
        if (body == null) {
            throw ValidationException.of("tenantId", "the body must be a JSON object with tenantId, displayName"
                    + " and tier");
        }
        // The same checks as registering a tenant, answered before anything is recorded.
        RegisterTenantCommand checked = RegisterTenantCommand.of(body.tenantId(), body.displayName(), body.tier());
        OnboardingRun run = onboardings.start(new OnboardingRequest(checked.id(), checked.displayName(),
                checked.tier(), body.contact(), body.dataLocation()));
        return Response.accepted(json(run)).location(URI.create("admin/v1/onboardings/" + run.id())).build();
    }

    @GET
    public OnboardingsJson list() {
        return new OnboardingsJson(onboardings.list().stream().map(AdminOnboardingsResource::json).toList());
    }

    @GET
    @Path("{id}")
    public OnboardingJson get(@PathParam("id") String id) {
        return json(onboardings.get(id));
    }

    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") String id) {
        return Response.accepted(json(onboardings.retry(id))).build();
    }

    @DELETE
    @Path("{id}")
    public Response cancel(@PathParam("id") String id) {
        return Response.accepted(json(onboardings.cancel(id))).build();
    }

    private static OnboardingJson json(OnboardingRun run) {
        return new OnboardingJson(run.id(), run.request().tenantId().value(), run.request().displayName(),
                run.request().tier().wireName(), run.request().dataLocation(), run.state().wireName(),
                text(run.createdAt()), text(run.updatedAt()), run.apiKeySecret(),
                run.steps().values().stream().map(AdminOnboardingsResource::json).toList());
    }

    private static StepJson json(StepRecord s) {
        Long millis = s.startedAt() == null ? null
                : Duration.between(s.startedAt(), s.finishedAt() == null ? Instant.now() : s.finishedAt()).toMillis();
        return new StepJson(s.step().wireName(), s.state().wireName(), s.attempts(), text(s.startedAt()),
                text(s.finishedAt()), millis, s.done(), s.total(), s.output(), s.error());
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    /** Body of {@code POST /admin/v1/onboardings}. */
    public record NewOnboarding(String tenantId, String displayName, String tier, String contact,
                                String dataLocation) {
    }

    /** An onboarding on the wire; {@code apiKey} only in the first read after it succeeded. */
    public record OnboardingJson(String id, String tenantId, String displayName, String tier, String dataLocation,
                                 String state, String createdAt, String updatedAt, String apiKey,
                                 List<StepJson> steps) {
    }

    /** One step on the wire; {@code done} / {@code total} are bytes of the file for imports. */
    public record StepJson(String step, String state, int attempts, String startedAt, String finishedAt,
                           Long durationMs, long done, long total, String output, String error) {
    }

    /** The onboardings, newest first. */
    public record OnboardingsJson(List<OnboardingJson> onboardings) {
    }
}
