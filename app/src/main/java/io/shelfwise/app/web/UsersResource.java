package io.shelfwise.app.web;

import io.shelfwise.campaign.ShopperProfile;
import io.shelfwise.campaign.port.in.ManageCampaigns;
import io.shelfwise.segmentation.port.in.ReadSegments;
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
 * {@code /v1/users/{userId}}: one shopper: the segments they are in (with score and reason), and the profile
 * campaigns use (first name, e-mail, phone, opt-out).
 */
@Audience(Audience.Caller.TENANT)
@Path("v1/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource {
    private final ReadSegments segments;
    private final ManageCampaigns campaigns;

    @Context
    private SecurityContext security;

    public UsersResource(ReadSegments segments, ManageCampaigns campaigns) {
        this.segments = segments;
        this.campaigns = campaigns;
    }

    @GET
    @Path("segments")
    public UserSegmentsJson segments(@PathParam("userId") String userId) {
        return new UserSegmentsJson(userId, segments.segmentsOf(tenant(), userId).stream()
                .map(s -> new UserSegmentJson(s.segmentId(), s.name(), s.member().score(), s.member().reason(),
                        s.member().since().toString())).toList());
    }

    @PUT
    @Path("profile")
    @Consumes(MediaType.APPLICATION_JSON)
    public ProfileJson putProfile(@PathParam("userId") String userId, ProfileJson body) {
        ProfileJson b = body == null ? new ProfileJson(null, null, null, null, null) : body;
        ShopperProfile profile = ShopperProfile.of(userId, b.firstName(), b.email(), b.phone(), b.optedOut());
        campaigns.saveProfile(tenant(), profile);
        return json(profile);
    }

    @GET
    @Path("profile")
    public ProfileJson profile(@PathParam("userId") String userId) {
        return json(campaigns.profile(tenant(), userId));
    }

    private static ProfileJson json(ShopperProfile p) {
        return new ProfileJson(p.userId(), p.firstName(), p.email(), p.phone(), p.optedOut());
    }

    private TenantId tenant() {
        return TenantPrincipal.of(security).tenantId();
    }

    public record UserSegmentJson(String segmentId, String name, double score, String reason, String since) {
    }

    public record UserSegmentsJson(String userId, List<UserSegmentJson> segments) {
    }

    /** What campaigns know of a shopper; {@code optedOut} shoppers are never messaged. */
    public record ProfileJson(String userId, String firstName, String email, String phone, Boolean optedOut) {
    }
}
