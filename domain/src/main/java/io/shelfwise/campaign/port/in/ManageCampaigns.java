package io.shelfwise.campaign.port.in;

import io.shelfwise.campaign.Campaign;
import io.shelfwise.campaign.CampaignReport;
import io.shelfwise.campaign.CampaignSettings;
import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.Delivery;
import io.shelfwise.campaign.DeliveryStatus;
import io.shelfwise.campaign.RenderedMessage;
import io.shelfwise.campaign.SendSummary;
import io.shelfwise.campaign.ShopperProfile;
import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.Map;

/** Tenant use cases of the campaigns context. */
public interface ManageCampaigns {
    Campaign create(TenantId tenant, Map<String, Object> definition);

    /** Replaces the definition of a campaign that has not been sent (draft, scheduled, or a journey). */
    Campaign update(TenantId tenant, String campaignId, Map<String, Object> definition);

    Campaign get(TenantId tenant, String campaignId);

    List<Campaign> list(TenantId tenant);

    /** Sends now to the segment's current members (idempotent: a second call adds nobody already logged). */
    SendSummary send(TenantId tenant, String campaignId);

    /** Renders the first {@code limit} messages as they would go out, sending nothing and issuing no coupon. */
    List<RenderedMessage> preview(TenantId tenant, String campaignId, int limit);

    Campaign pause(TenantId tenant, String campaignId);

    Campaign resume(TenantId tenant, String campaignId);

    Campaign cancel(TenantId tenant, String campaignId);

    CampaignReport report(TenantId tenant, String campaignId);

    List<Delivery> deliveries(TenantId tenant, String campaignId, DeliveryStatus status, int offset, int limit);

    void configureChannel(TenantId tenant, ChannelSettings settings);

    List<ChannelSettings> channels(TenantId tenant);

    /** A channel's settings with credentials masked, or {@link io.shelfwise.common.NotFoundException}. */
    ChannelSettings channel(TenantId tenant, ChannelKind kind);

    CampaignSettings settings(TenantId tenant);

    void configure(TenantId tenant, CampaignSettings settings);

    void saveProfile(TenantId tenant, ShopperProfile profile);

    ShopperProfile profile(TenantId tenant, String userId);
}
