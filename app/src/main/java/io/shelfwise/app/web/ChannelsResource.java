package io.shelfwise.app.web;

import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.WebhookPreset;
import io.shelfwise.campaign.port.in.ManageCampaigns;
import io.shelfwise.common.ValidationException;
import io.shelfwise.tenancy.TenantId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * {@code /v1/channels}: how the tenant's campaign messages leave: its webhook with the HMAC secret, or its own AWS
 * credentials for SES and SNS. Secrets are never shown back in full.
 */
@Audience(Audience.Caller.TENANT)
@Path("v1/channels")
@Produces(MediaType.APPLICATION_JSON)
public final class ChannelsResource {
    private final ManageCampaigns campaigns;

    @Context
    private SecurityContext security;

    public ChannelsResource(ManageCampaigns campaigns) {
        this.campaigns = campaigns;
    }

    @GET
    public ChannelsJson channels() {
        return new ChannelsJson(campaigns.channels(tenant()).stream().map(ChannelsResource::json).toList());
    }

    @GET
    @Path("{kind}")
    public ChannelJson channel(@PathParam("kind") String kind) {
        return json(campaigns.channel(tenant(), ChannelKind.fromWire("kind", kind)));
    }

    @PUT
    @Path("{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ChannelJson configure(@PathParam("kind") String kind, ChannelJson body) {
        ChannelKind k = ChannelKind.fromWire("kind", kind);
        if (body == null) {
            throw ValidationException.of(k == ChannelKind.WEBHOOK ? "endpoint" : "region",
                    "the body must be a JSON object with the channel's settings");
        }
        ChannelSettings settings = new ChannelSettings(k, WebhookPreset.fromWire("preset", body.preset()),
                body.endpoint(), body.secret(), body.sender(), body.region(), body.accessKeyId(),
                body.secretAccessKey());
        campaigns.configureChannel(tenant(), settings);
        return json(campaigns.channel(tenant(), k));
    }

    private TenantId tenant() {
        return TenantPrincipal.of(security).tenantId();
    }

    private static ChannelJson json(ChannelSettings s) {
        return new ChannelJson(s.kind().wireName(), s.preset().wireName(), s.endpoint(), s.secret(), s.sender(),
                s.region(), s.accessKeyId(), s.secretAccessKey());
    }

    /** A channel's settings; in answers every secret shows only its last four characters. */
    public record ChannelJson(String kind, String preset, String endpoint, String secret, String sender,
                              String region, String accessKeyId, String secretAccessKey) {
    }

    public record ChannelsJson(List<ChannelJson> channels) {
    }
}
