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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
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
    /** The SDK's Maven coordinates, as a store's build names them. */
    public static final String SDK = "io.shelfwise:shelfwise-sdk:0.1.0-SNAPSHOT";
    private static final Duration EVENTS_EVERY = Duration.ofMillis(250);
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

    /**
     * The onboarding as server-sent events: an {@code onboarding} event with the whole run whenever it changed,
     * until it is final (then the stream ends).
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        onboardings.status(id);
        ServerEvents.follow(sink, sse, "onboarding", OnboardingJson.class, () -> json(onboardings.status(id)),
                onChange -> onboardings.watch(id, run -> onChange.accept(json(run))),
                run -> run.state() + run.updatedAt() + run.steps(), OnboardingJson::updatedAt,
                run -> run.state().equals("running") || run.state().equals("cancelling"), EVENTS_EVERY);
    }

    /** How the store's backend connects, without the secret (it was shown once). */
    @GET
    @Path("{id}/guide")
    public GuideJson guide(@PathParam("id") String id, @Context UriInfo uri) {
        OnboardingRun run = onboardings.status(id);
        String base = uri.getBaseUri().toString().replaceAll("/$", "");
        return new GuideJson(run.request().tenantId().value(), base, SDK, snippet(base));
    }

    /** The Java snippet for a store's backend; the key comes from the environment, never from source. */
    public static String snippet(String baseUrl) {
        return """
                try (ShelfwiseClient client = ShelfwiseClient.builder()
                        .apiKey(System.getenv("SHELFWISE_API_KEY")).baseUrl("%s").build()) {
                    client.events().track(Event.view("u-1", "sku-1"));
                    Recommendations home = client.recommendations().home("u-1", 10);
                }
                """.formatted(baseUrl);
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
        Long perSecond = millis == null || millis < 500 || s.done() == 0 ? null : s.done() * 1000 / millis;
        Long eta = perSecond == null || perSecond == 0 || s.total() == 0 || s.finishedAt() != null ? null
                : (s.total() - s.done()) / perSecond;
        return new StepJson(s.step().wireName(), s.state().wireName(), s.attempts(), text(s.startedAt()),
                text(s.finishedAt()), millis, s.done(), s.total(), perSecond, eta, s.output(), s.error());
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
                           Long durationMs, long done, long total, Long perSecond, Long etaSeconds, String output,
                           String error) {
    }

    /** What a store's developers need to connect: endpoint, SDK coordinates, a snippet. */
    public record GuideJson(String tenantId, String baseUrl, String sdk, String snippet) {
    }

    /** The onboardings, newest first. */
    public record OnboardingsJson(List<OnboardingJson> onboardings) {
    }
}
