package io.shelfwise.app.web;

import io.shelfwise.campaign.CampaignSettings;
import io.shelfwise.campaign.port.in.ManageCampaigns;
import io.shelfwise.tenancy.TenantId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code /v1/settings/campaigns}: the tenant's messaging rules for every campaign: time zone, quiet hours, frequency
 * cap per shopper, default holdout share and attribution window.
 */
@Audience(Audience.Caller.TENANT)
@Path("v1/settings/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public final class CampaignSettingsResource {
    private final ManageCampaigns campaigns;

    @Context
    private SecurityContext security;

    public CampaignSettingsResource(ManageCampaigns campaigns) {
        this.campaigns = campaigns;
    }

    @GET
    public CampaignSettingsJson settings() {
        return json(campaigns.settings(tenant()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public CampaignSettingsJson configure(CampaignSettingsJson body) {
        CampaignSettingsJson b = body == null ? new CampaignSettingsJson(null, null, null, null, null) : body;
        QuietHoursJson quiet = b.quietHours() == null ? new QuietHoursJson(null, null) : b.quietHours();
        FrequencyCapJson cap = b.frequencyCap() == null ? new FrequencyCapJson(null, null) : b.frequencyCap();
        CampaignSettings settings = CampaignSettings.of(b.timeZone(), quiet.start(), quiet.end(), cap.messages(),
                cap.days(), b.holdoutPercent(), b.attributionDays());
        campaigns.configure(tenant(), settings);
        return json(settings);
    }

    private TenantId tenant() {
        return TenantPrincipal.of(security).tenantId();
    }

    private static CampaignSettingsJson json(CampaignSettings s) {
        return new CampaignSettingsJson(s.timeZone().getId(), new QuietHoursJson(s.quietStart().toString(),
                s.quietEnd().toString()), new FrequencyCapJson(s.capMessages(), s.capDays()), s.holdoutPercent(),
                s.attributionDays());
    }

    /** Local times; no message goes out from start until end (equal times: no quiet hours). */
    public record QuietHoursJson(String start, String end) {
    }

    /** At most {@code messages} campaign messages per shopper in {@code days} days, all campaigns together. */
    public record FrequencyCapJson(Integer messages, Integer days) {
    }

    public record CampaignSettingsJson(String timeZone, QuietHoursJson quietHours, FrequencyCapJson frequencyCap,
                                       Integer holdoutPercent, Integer attributionDays) {
    }
}
