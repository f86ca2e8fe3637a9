package io.shelfwise.app.web;

import io.shelfwise.common.ValidationException;
import io.shelfwise.segmentation.ChurnReport;
import io.shelfwise.segmentation.MembersPage;
import io.shelfwise.segmentation.RecomputeReport;
import io.shelfwise.segmentation.Segment;
import io.shelfwise.segmentation.SegmentDraft;
import io.shelfwise.segmentation.SegmentMember;
import io.shelfwise.segmentation.SegmentRule;
import io.shelfwise.segmentation.port.in.FindShoppersByAffinity;
import io.shelfwise.segmentation.port.in.ManageSegments;
import io.shelfwise.segmentation.port.in.ReadSegments;
import io.shelfwise.segmentation.port.in.TrainChurnModel;
import io.shelfwise.tenancy.TenantId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/segments}: the tenant's shopper segments: define them as JSON rules, read who is in them and why, how
 * they grew, export them as CSV; find the shoppers most likely to buy an item, brand or category; train the churn
 * model churn-risk segments use.
 */
@Audience(Audience.Caller.TENANT)
@Path("v1/segments")
@Produces(MediaType.APPLICATION_JSON)
public final class SegmentsResource {
    private final ManageSegments manage;
    private final ReadSegments read;
    private final FindShoppersByAffinity affinity;
    private final TrainChurnModel churn;
    private final Clock clock;

    @Context
    private SecurityContext security;

    public SegmentsResource(ManageSegments manage, ReadSegments read, FindShoppersByAffinity affinity,
                            TrainChurnModel churn, Clock clock) {
        this.manage = manage;
        this.read = read;
        this.affinity = affinity;
        this.churn = churn;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(SegmentRequest body) {
        Segment s = manage.create(tenant(), draft(body));
        return Response.created(URI.create("v1/segments/" + s.id())).entity(json(s)).build();
    }

    @GET
    public SegmentsJson list() {
        return new SegmentsJson(manage.list(tenant()).stream().map(this::json).toList());
    }

    @GET
    @Path("{id}")
    public SegmentJson get(@PathParam("id") String id) {
        return json(manage.get(tenant(), id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SegmentJson update(@PathParam("id") String id, SegmentRequest body) {
        return json(manage.update(tenant(), id, draft(body)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        manage.delete(tenant(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/members")
    public MembersJson members(@PathParam("id") String id, @QueryParam("offset") String offset,
                               @QueryParam("limit") String limit) {
        MembersPage page = read.members(tenant(), id, Bodies.intParam("offset", offset, 0),
                Bodies.intParam("limit", limit, 100));
        return new MembersJson(page.segmentId(), page.total(), page.asOf() == null ? null : page.asOf().toString(),
                page.members().stream().map(SegmentsResource::json).toList(), page.nextOffset());
    }

    /** Every member as CSV: user id, score, reason, since. */
    @GET
    @Path("{id}/members.csv")
    @Produces("text/csv")
    public Response export(@PathParam("id") String id) {
        List<SegmentMember> members = read.allMembers(tenant(), id);
        StringBuilder csv = new StringBuilder("userId,score,reason,since\n");
        for (SegmentMember m : members) {
            csv.append(csvField(m.userId())).append(',').append(m.score()).append(',')
                    .append(csvField(m.reason())).append(',').append(m.since()).append('\n');
        }
        return Response.ok(csv.toString(), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".csv\"").build();
    }

    private static String csvField(String value) {
        // Quoted when needed; a leading formula character is defused so a spreadsheet never runs it.
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    @GET
    @Path("{id}/sizes")
    public SizesJson sizes(@PathParam("id") String id, @QueryParam("days") String days) {
        int d = Bodies.intParam("days", days, 30);
        if (d < 1 || d > 730) {
            throw ValidationException.of("days", "must be between 1 and 730");
        }
        return new SizesJson(id, read.sizes(tenant(), id, clock.instant().minus(Duration.ofDays(d))).stream()
                .map(s -> new SizeJson(s.at().toString(), s.members())).toList());
    }

    @POST
    @Path("recompute")
    public RecomputeJson recompute() {
        RecomputeReport r = manage.recompute(tenant());
        return new RecomputeJson(r.events(), r.shoppers(), r.asOf() == null ? null : r.asOf().toString(), r.sizes(),
                r.took().toMillis(), r.evaluation().toMillis());
    }

    @POST
    @Path("affinity")
    @Consumes(MediaType.APPLICATION_JSON)
    public AffinityJson affinity(AffinityRequest body) {
        if (body == null) {
            throw ValidationException.of("itemId", "the body must name one of itemId, brand or category");
        }
        List<SegmentRule.Target> given = new ArrayList<>();
        if (body.itemId() != null) {
            given.add(new SegmentRule.Target(SegmentRule.Target.Kind.ITEM, body.itemId()));
        }
        if (body.brand() != null) {
            given.add(new SegmentRule.Target(SegmentRule.Target.Kind.BRAND, body.brand()));
        }
        if (body.category() != null) {
            given.add(new SegmentRule.Target(SegmentRule.Target.Kind.CATEGORY, body.category()));
        }
        if (given.size() != 1) {
            throw ValidationException.of(given.isEmpty() ? "itemId" : "brand",
                    "name exactly one of itemId, brand or category");
        }
        int limit = body.limit() == null ? 100 : body.limit();
        return new AffinityJson(affinity.find(tenant(), given.getFirst(), limit).stream()
                .map(m -> new AffinityMatchJson(m.userId(), m.score())).toList());
    }

    @POST
    @Path("churn-model")
    @Consumes(MediaType.APPLICATION_JSON)
    public ChurnModelJson trainChurn(ChurnRequest body) {
        int horizon = body == null || body.horizonDays() == null ? 14 : body.horizonDays();
        return json(churn.train(tenant(), horizon));
    }

    @GET
    @Path("churn-model")
    public ChurnModelJson churnModel() {
        return churn.current(tenant()).map(SegmentsResource::json)
                .orElseThrow(() -> new io.shelfwise.common.NotFoundException("churn model", tenant().value()));
    }

    private TenantId tenant() {
        return TenantPrincipal.of(security).tenantId();
    }

    private static SegmentDraft draft(SegmentRequest body) {
        if (body == null) {
            throw ValidationException.of("name", "the body must be a JSON object with name and definition");
        }
        return new SegmentDraft(body.name(), body.description(), body.definition());
    }

    private SegmentJson json(Segment s) {
        long size = read.members(tenant(), s.id(), 0, 1).total();
        return new SegmentJson(s.id(), s.name(), s.description(), s.definition(), s.version(), size,
                s.createdAt().toString(), s.updatedAt().toString());
    }

    static MemberJson json(SegmentMember m) {
        return new MemberJson(m.userId(), m.score(), m.reason(), m.since().toString());
    }

    private static ChurnModelJson json(ChurnReport r) {
        return new ChurnModelJson(r.horizonDays(), r.auc(), r.baselineAuc(), r.trainExamples(), r.heldOutExamples(),
                r.churnRate(), r.trainCutoff().toString(), r.heldOutCutoff().toString(), r.trainedAt().toString(),
                r.model().featureNames(), java.util.Arrays.stream(r.model().weights()).boxed().toList());
    }

    /** A segment as the tenant writes it. */
    public record SegmentRequest(String name, String description, Map<String, Object> definition) {
    }

    public record SegmentJson(String id, String name, String description, Map<String, Object> definition,
                              int version, long size, String createdAt, String updatedAt) {
    }

    public record SegmentsJson(List<SegmentJson> segments) {
    }

    public record MemberJson(String userId, double score, String reason, String since) {
    }

    /** A page of members, highest score first; {@code asOf} is the time windows counted back from. */
    public record MembersJson(String segmentId, long total, String asOf, List<MemberJson> members,
                              Integer nextOffset) {
    }

    public record SizeJson(String at, long members) {
    }

    public record SizesJson(String segmentId, List<SizeJson> sizes) {
    }

    /** {@code tookMs}: reading the whole history and evaluating; {@code evaluationMs}: evaluating alone. */
    public record RecomputeJson(long events, int shoppers, String asOf, Map<String, Long> sizes, long tookMs,
                                long evaluationMs) {
    }

    public record AffinityRequest(String itemId, String brand, String category, Integer limit) {
    }

    public record AffinityMatchJson(String userId, double score) {
    }

    public record AffinityJson(List<AffinityMatchJson> shoppers) {
    }

    public record ChurnRequest(Integer horizonDays) {
    }

    /** The churn model with its held-out AUC and the recency-only rule's on the same shoppers. */
    public record ChurnModelJson(int horizonDays, double auc, double recencyAuc, int trainExamples,
                                 int heldOutExamples, double churnRate, String trainCutoff, String heldOutCutoff,
                                 String trainedAt, List<String> features, List<Double> weights) {
    }
}
