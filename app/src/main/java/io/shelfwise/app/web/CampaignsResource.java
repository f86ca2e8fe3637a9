package io.shelfwise.app.web;

import io.shelfwise.campaign.Campaign;
import io.shelfwise.campaign.CampaignReport;
import io.shelfwise.campaign.Delivery;
import io.shelfwise.campaign.DeliveryStatus;
import io.shelfwise.campaign.MessageProduct;
import io.shelfwise.campaign.RenderedMessage;
import io.shelfwise.campaign.SendSummary;
import io.shelfwise.campaign.port.in.ManageCampaigns;
import io.shelfwise.common.ValidationException;
import io.shelfwise.tenancy.TenantId;
import jakarta.ws.rs.Consumes;
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
import java.math.BigDecimal;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /v1/campaigns}: one message to a segment, personalised per shopper: define it, preview the first rendered
 * messages, send it (now, at a time, or per shopper as a journey), pause, resume or cancel, follow the delivery
 * log and read the report against the holdout.
 */
@Audience(Audience.Caller.TENANT)
@Path("v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public final class CampaignsResource {
    private final ManageCampaigns campaigns;

    @Context
    private SecurityContext security;

    public CampaignsResource(ManageCampaigns campaigns) {
        this.campaigns = campaigns;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Map<String, Object> body) {
        Campaign c = campaigns.create(tenant(), body);
        return Response.created(URI.create("v1/campaigns/" + c.id())).entity(json(c)).build();
    }

    @GET
    public CampaignsJson list() {
        return new CampaignsJson(campaigns.list(tenant()).stream().map(CampaignsResource::json).toList());
    }

    @GET
    @Path("{id}")
    public CampaignJson get(@PathParam("id") String id) {
        return json(campaigns.get(tenant(), id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CampaignJson update(@PathParam("id") String id, Map<String, Object> body) {
        return json(campaigns.update(tenant(), id, body));
    }

    @POST
    @Path("{id}/send")
    public Response send(@PathParam("id") String id) {
        SendSummary s = campaigns.send(tenant(), id);
        return Response.accepted(new SendJson(s.campaignId(), s.audience(), s.planned(), s.byStatus())).build();
    }

    @POST
    @Path("{id}/preview")
    public PreviewJson preview(@PathParam("id") String id, @QueryParam("limit") String limit) {
        return new PreviewJson(campaigns.preview(tenant(), id, Bodies.intParam("limit", limit, 5)).stream()
                .map(CampaignsResource::json).toList());
    }

    @POST
    @Path("{id}/pause")
    public CampaignJson pause(@PathParam("id") String id) {
        return json(campaigns.pause(tenant(), id));
    }

    @POST
    @Path("{id}/resume")
    public CampaignJson resume(@PathParam("id") String id) {
        return json(campaigns.resume(tenant(), id));
    }

    @POST
    @Path("{id}/cancel")
    public CampaignJson cancel(@PathParam("id") String id) {
        return json(campaigns.cancel(tenant(), id));
    }

    @GET
    @Path("{id}/report")
    public ReportJson report(@PathParam("id") String id) {
        CampaignReport r = campaigns.report(tenant(), id);
        return new ReportJson(r.campaignId(), r.targeted(), r.holdout(), r.byStatus(), r.sent(), r.delivered(),
                r.failed(), r.clicked(), r.converted(), r.holdoutConverted(), r.conversionRate(),
                r.holdoutConversionRate(), r.uplift(), r.upliftLow(), r.upliftHigh(), r.revenue(),
                r.attributedRevenue(), r.couponsIssued(), r.couponsRedeemed(), r.couponRevenue(),
                r.attributionDays());
    }

    @GET
    @Path("{id}/deliveries")
    public DeliveriesJson deliveries(@PathParam("id") String id, @QueryParam("status") String status,
                                     @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        DeliveryStatus wanted = null;
        if (status != null) {
            wanted = Arrays.stream(DeliveryStatus.values()).filter(s -> s.wireName().equals(status)).findFirst()
                    .orElseThrow(() -> ValidationException.of("status", "unknown status '" + status
                            + "'; expected one of " + Arrays.stream(DeliveryStatus.values())
                            .map(DeliveryStatus::wireName).collect(Collectors.joining(", "))));
        }
        return new DeliveriesJson(campaigns.deliveries(tenant(), id, wanted, Bodies.intParam("offset", offset, 0),
                Bodies.intParam("limit", limit, 100)).stream().map(CampaignsResource::json).toList());
    }

    private TenantId tenant() {
        return TenantPrincipal.of(security).tenantId();
    }

    static CampaignJson json(Campaign c) {
        return new CampaignJson(c.id(), c.name(), c.state().wireName(), c.version(), c.segmentId(),
                c.channel().wireName(), c.sendAt() == null ? null : c.sendAt().toString(),
                c.journey() == null ? null : c.journey().trigger().wireName(), c.createdAt().toString(),
                c.updatedAt().toString(), c.definition());
    }

    private static MessageJson json(RenderedMessage m) {
        return new MessageJson(m.userId(), m.subject(), m.body(), m.products().stream()
                .map(CampaignsResource::json).toList(), m.recommendationId(), m.couponCode());
    }

    private static ProductJson json(MessageProduct p) {
        return new ProductJson(p.itemId(), p.title(), p.price(), p.currency(), p.url(), p.imageUrl());
    }

    private static DeliveryJson json(Delivery d) {
        return new DeliveryJson(d.id(), d.userId(), d.entryKey(), d.step(), d.status().wireName(), d.attempts(),
                d.dueAt() == null ? null : d.dueAt().toString(), d.sentAt() == null ? null : d.sentAt().toString(),
                d.recommendationId(), d.couponCode(), d.error());
    }

    /** A campaign: its state, what it was defined with, and the definition as the tenant sent it. */
    public record CampaignJson(String id, String name, String state, int version, String segmentId, String channel,
                               String sendAt, String trigger, String createdAt, String updatedAt,
                               Map<String, Object> definition) {
    }

    public record CampaignsJson(List<CampaignJson> campaigns) {
    }

    /** What a send logged: the segment's size then, new deliveries, and how many of them per status. */
    public record SendJson(String campaignId, long audience, long planned, Map<String, Long> byStatus) {
    }

    public record ProductJson(String itemId, String title, BigDecimal price, String currency, String url,
                              String imageUrl) {
    }

    public record MessageJson(String userId, String subject, String body, List<ProductJson> products,
                              String recommendationId, String couponCode) {
    }

    public record PreviewJson(List<MessageJson> messages) {
    }

    public record DeliveryJson(String id, String userId, String entry, int step, String status, int attempts,
                               String dueAt, String sentAt, String recommendationId, String couponCode,
                               String error) {
    }

    public record DeliveriesJson(List<DeliveryJson> deliveries) {
    }

    /** The campaign's outcome against its holdout (see the HTTP reference for each figure). */
    public record ReportJson(String campaignId, long targeted, long holdout, Map<String, Long> byStatus, long sent,
                             long delivered, long failed, long clicked, long converted, long holdoutConverted,
                             double conversionRate, double holdoutConversionRate, Double uplift, Double upliftLow,
                             Double upliftHigh, BigDecimal revenue, BigDecimal attributedRevenue, long couponsIssued,
                             long couponsRedeemed, BigDecimal couponRevenue, int attributionDays) {
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
