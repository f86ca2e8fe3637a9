package io.shelfwise.campaign.port.out;

import io.shelfwise.campaign.Campaign;
import io.shelfwise.campaign.CampaignOutcomes;
import io.shelfwise.campaign.CampaignSettings;
import io.shelfwise.campaign.ChannelKind;
import io.shelfwise.campaign.ChannelSettings;
import io.shelfwise.campaign.Coupon;
import io.shelfwise.campaign.Delivery;
import io.shelfwise.campaign.DeliveryStatus;
import io.shelfwise.campaign.ShopperProfile;
import io.shelfwise.tenancy.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaigns and everything they keep: channels with the tenant's credentials, messaging settings, shopper profiles,
 * the delivery log (unique per campaign, shopper, entry and step) and coupons. Every call is scoped to one tenant,
 * except the dispatcher's claim of due deliveries, which returns each row with its tenant.
 */
public interface CampaignStore {
    void saveChannel(TenantId tenant, ChannelSettings settings);

    Optional<ChannelSettings> channel(TenantId tenant, ChannelKind kind);

    List<ChannelSettings> channels(TenantId tenant);

    void saveSettings(TenantId tenant, CampaignSettings settings);

    Optional<CampaignSettings> settings(TenantId tenant);

    void saveProfile(TenantId tenant, ShopperProfile profile);

    Optional<ShopperProfile> profile(TenantId tenant, String userId);

    /** Profiles of those of {@code userIds} the tenant has given one for. */
    Map<String, ShopperProfile> profiles(TenantId tenant, Collection<String> userIds);

    void save(TenantId tenant, Campaign campaign);

    Optional<Campaign> find(TenantId tenant, String campaignId);

    List<Campaign> list(TenantId tenant);

    /** Campaigns in {@code state} across tenants (the dispatcher's view). */
    List<TenantCampaign> inState(io.shelfwise.campaign.CampaignState state);

    /** A campaign with its tenant. */
    record TenantCampaign(TenantId tenant, Campaign campaign) {
    }

    /** Inserts the deliveries whose (campaign, user, entry, step) is not logged yet; returns how many were new. */
    int insertDeliveries(TenantId tenant, List<Delivery> deliveries);

    /**
     * Marks up to {@code limit} pending deliveries due at {@code now} as {@link DeliveryStatus#CLAIMED}, each with one
     * more attempt, and returns them: committed before return, and no two callers get the same row.
     */
    List<TenantDelivery> claimDue(Instant now, int limit);

    /** A delivery with its tenant. */
    record TenantDelivery(TenantId tenant, Delivery delivery) {
    }

    /** Writes the new state of deliveries (and the coupons issued with them) in one transaction. */
    default void complete(TenantId tenant, List<Delivery> deliveries, List<Coupon> coupons) {
        complete(tenant, deliveries, coupons, List.of());
    }

    /**
     * Writes the new state of deliveries and the coupons issued with them, and marks the claimed deliveries
     * {@code nowSending} as {@link DeliveryStatus#SENDING}, all in one transaction: committed before any of those
     * reaches the channel.
     */
    void complete(TenantId tenant, List<Delivery> deliveries, List<Coupon> coupons, List<String> nowSending);

    /**
     * Cleans up after a sender that stopped: deliveries it claimed before {@code claimedBefore} but never handed to
     * the channel are pending again; those it had handed over become unconfirmed (never sent again). Returns how
     * many became unconfirmed.
     */
    int abandonInFlight(Instant claimedBefore);

    /** Pending deliveries of a campaign become {@link DeliveryStatus#CANCELLED}; returns how many. */
    int cancelPending(TenantId tenant, String campaignId);

    /** Messages sent to each of {@code userIds} since {@code since}, all campaigns together. */
    Map<String, Integer> sentSince(TenantId tenant, Collection<String> userIds, Instant since);

    /** A page of a campaign's deliveries, by user id, optionally of one status. */
    List<Delivery> deliveries(TenantId tenant, String campaignId, DeliveryStatus status, int offset, int limit);

    /** Counts of a campaign's deliveries by status. */
    Map<DeliveryStatus, Long> countByStatus(TenantId tenant, String campaignId);

    /** Redeems an unredeemed, unexpired coupon of {@code userId}; true only for the one call that redeemed it. */
    boolean redeem(TenantId tenant, String code, String userId, String eventId, BigDecimal revenue, Instant at);

    Optional<Coupon> coupon(TenantId tenant, String code);

    /** The campaign's outcomes over first-step deliveries, each with its window of {@code attributionDays}. */
    CampaignOutcomes outcomes(TenantId tenant, String campaignId, int attributionDays);
}
