package io.shelfwise.app.web;

import io.shelfwise.recommendation.RecommendationSettings;
import io.shelfwise.recommendation.port.in.ConfigureRecommendations;
import io.shelfwise.tenancy.TenantId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/settings/recommendations}: the tenant's defaults for every surface: how long a bought item stays off
 * its shopper's lists, and the categories shoppers buy again and again.
 */
@Audience(Audience.Caller.TENANT)
@Path("v1/settings/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public final class SettingsResource {
    private final ConfigureRecommendations settings;

    @Context
    private SecurityContext security;

    public SettingsResource(ConfigureRecommendations settings) {
        this.settings = settings;
    }

    @GET
    public RecommendationSettingsJson get() {
        return json(settings.settings(tenant()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public RecommendationSettingsJson put(RecommendationSettingsJson body) {
        if (body == null) {
            throw io.shelfwise.common.ValidationException.of("excludeBoughtDays",
                    "the body must be a JSON object with 'excludeBoughtDays' and 'repeatPurchaseCategories'");
        }
        io.shelfwise.common.Checks checks = io.shelfwise.common.Checks.start();
        if (body.excludeBoughtDays() == null) {
            checks.add("excludeBoughtDays", "is required (0 keeps bought items on the lists)");
        }
        if (body.repeatPurchaseCategories() == null) {
            checks.add("repeatPurchaseCategories", "is required (an empty array for none)");
        }
        checks.orThrow();
        // Optional: left out (a client written before it existed), the tenant's current choice stays.
        boolean recentItemsOnHome = body.recentItemsOnHome() != null ? body.recentItemsOnHome()
                : settings.settings(tenant()).recentItemsOnHome();
        return json(settings.update(tenant(), new RecommendationSettings(body.excludeBoughtDays(),
                Set.copyOf(body.repeatPurchaseCategories()), recentItemsOnHome)));
    }

    private TenantId tenant() {
        return TenantPrincipal.of(security).tenantId();
    }

    private static RecommendationSettingsJson json(RecommendationSettings s) {
        return new RecommendationSettingsJson(s.excludeBoughtDays(),
                s.repeatPurchaseCategories().stream().sorted().toList(), s.recentItemsOnHome());
    }

    /** The settings on the wire. */
    public record RecommendationSettingsJson(Integer excludeBoughtDays, List<String> repeatPurchaseCategories,
                                             Boolean recentItemsOnHome) {
    }
}
