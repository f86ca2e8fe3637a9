package io.shelfwise.app.web;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.ValidationException;
import io.shelfwise.recommendation.RecommendationFilters;
import io.shelfwise.recommendation.port.in.RecommendForSurfaces;
import io.shelfwise.recommendation.port.in.ReportAttribution;
import io.shelfwise.metering.UsageMetric;
import io.shelfwise.metering.port.in.RecordUsage;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.recommendation.Recommendations;
import io.shelfwise.recommendation.port.in.RecommendPopular;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** {@code /v1/recommendations}: ranked item lists for the tenant's placements. */
@Audience(Audience.Caller.TENANT)
@Path("v1/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public final class RecommendationsResource {
    private final RecommendPopular popular;
    private final RecommendForSurfaces surfaces;
    private final RecordUsage usage;
    private final ReportAttribution attribution;
    private final java.time.Clock clock;

    @Context
    private SecurityContext security;

    public RecommendationsResource(RecommendPopular popular, RecommendForSurfaces surfaces, RecordUsage usage,
                                   ReportAttribution attribution, java.time.Clock clock) {
        this.popular = popular;
        this.surfaces = surfaces;
        this.usage = usage;
        this.attribution = attribution;
        this.clock = clock;
    }

    @GET
    @Path("attribution")
    public AttributionJson attribution(@QueryParam("period") String period) {
        TenantId tenant = TenantPrincipal.of(security).tenantId();
        java.time.YearMonth month = Bodies.periodParam(period, clock);
        return new AttributionJson(month.toString(), attribution.attribution(tenant, month).stream()
                .map(a -> new SurfaceAttributionJson(a.surface(), a.listsServed(), a.clicks(), a.purchases(),
                        a.revenue(), a.clickThroughRate()))
                .toList());
    }

    @GET
    @Path("popular")
    public RecommendationsJson popular(@QueryParam("limit") String limit) {
        TenantId tenant = TenantPrincipal.of(security).tenantId();
        Recommendations recs = popular.popular(tenant, Bodies.intParam("limit", limit, 10));
        return json(tenant, recs);
    }

    @GET
    @Path("home")
    public RecommendationsJson home(@QueryParam("userId") String userId, @QueryParam("limit") String limit,
                                    @QueryParam("excludeBoughtDays") String excludeBoughtDays,
                                    @QueryParam("brand") String brand, @QueryParam("excludeBrand") String excludeBrand,
                                    @QueryParam("category") String category,
                                    @QueryParam("excludeCategory") String excludeCategory,
                                    @QueryParam("maxPerBrand") String maxPerBrand) {
        TenantId tenant = TenantPrincipal.of(security).tenantId();
        return json(tenant, surfaces.home(tenant, userId, Bodies.intParam("limit", limit, 10),
                FilterParams.of(excludeBoughtDays, brand, excludeBrand, category, excludeCategory, maxPerBrand)));
    }

    @GET
    @Path("similar")
    public RecommendationsJson similar(@QueryParam("itemId") String itemId, @QueryParam("userId") String userId,
                                       @QueryParam("limit") String limit,
                                       @QueryParam("excludeBoughtDays") String excludeBoughtDays,
                                       @QueryParam("brand") String brand,
                                       @QueryParam("excludeBrand") String excludeBrand,
                                       @QueryParam("category") String category,
                                       @QueryParam("excludeCategory") String excludeCategory,
                                       @QueryParam("maxPerBrand") String maxPerBrand) {
        TenantId tenant = TenantPrincipal.of(security).tenantId();
        if (itemId == null || itemId.isEmpty()) {
            throw ValidationException.of("itemId", "is required");
        }
        return json(tenant, surfaces.similar(tenant, itemId("itemId", itemId), blankAsAbsent(userId),
                Bodies.intParam("limit", limit, 10),
                FilterParams.of(excludeBoughtDays, brand, excludeBrand, category, excludeCategory, maxPerBrand)));
    }

    @GET
    @Path("cart")
    public RecommendationsJson cart(@QueryParam("itemIds") String itemIds, @QueryParam("userId") String userId,
                                    @QueryParam("limit") String limit,
                                    @QueryParam("excludeBoughtDays") String excludeBoughtDays,
                                    @QueryParam("brand") String brand, @QueryParam("excludeBrand") String excludeBrand,
                                    @QueryParam("category") String category,
                                    @QueryParam("excludeCategory") String excludeCategory,
                                    @QueryParam("maxPerBrand") String maxPerBrand) {
        TenantId tenant = TenantPrincipal.of(security).tenantId();
        List<ItemId> cart = FilterParams.list(itemIds).stream().map(id -> itemId("itemIds", id)).toList();
        if (cart.isEmpty()) {
            throw ValidationException.of("itemIds", "give the cart's item ids, comma-separated");
        }
        return json(tenant, surfaces.cart(tenant, cart, blankAsAbsent(userId), Bodies.intParam("limit", limit, 10),
                FilterParams.of(excludeBoughtDays, brand, excludeBrand, category, excludeCategory, maxPerBrand)));
    }

    /** An item id from a query parameter, its errors named after that parameter. */
    private static ItemId itemId(String parameter, String value) {
        try {
            return new ItemId(value);
        } catch (ValidationException e) {
            throw ValidationException.of(parameter, e.errors().get(0).message());
        }
    }

    private static String blankAsAbsent(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private RecommendationsJson json(TenantId tenant, Recommendations recs) {
        usage.record(tenant, UsageMetric.RECOMMENDATION_REQUESTS, 1);
        return new RecommendationsJson(recs.recommendationId(), recs.surface(), recs.model(), recs.items().stream()
                .map(s -> {
                    Item i = s.item();
                    return new RecommendedItem(i.id().value(), i.title(), i.brand(), i.categoryPath(), i.price(),
                            i.currency(), s.score());
                })
                .toList());
    }

    /**
     * The business filters every surface accepts as query parameters. They are plain {@code @QueryParam} method
     * parameters, not a {@code @BeanParam}: Jersey builds a bean parameter's injection again on every request,
     * looking up a converter per field by reflection, and each failed lookup threw an exception with its stack trace
     * (about 12 per request; 4 % of the allocations while home served 1,000 req/s).
     */
    static final class FilterParams {
        private FilterParams() {
        }

        static RecommendationFilters of(String excludeBoughtDays, String brand, String excludeBrand, String category,
                                        String excludeCategory, String maxPerBrand) {
            return new RecommendationFilters(excludeBoughtDays == null ? null
                    : Bodies.intParam("excludeBoughtDays", excludeBoughtDays, 0),
                    Set.copyOf(list(brand)), Set.copyOf(list(excludeBrand)), Set.copyOf(list(category)),
                    Set.copyOf(list(excludeCategory)), Bodies.intParam("maxPerBrand", maxPerBrand, 0));
        }

        static List<String> list(String commaSeparated) {
            if (commaSeparated == null || commaSeparated.isBlank()) {
                return List.of();
            }
            return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                    .distinct().toList();
        }
    }

    /** What each surface's lists led to in a month. */
    public record AttributionJson(String period, List<SurfaceAttributionJson> surfaces) {
    }

    /** One surface's attribution on the wire. */
    public record SurfaceAttributionJson(String surface, long listsServed, long clicks, long purchases,
                                         BigDecimal revenue, double clickThroughRate) {
    }

    /** A ranked list on the wire. */
    public record RecommendationsJson(String recommendationId, String surface, String model,
                                      List<RecommendedItem> items) {
    }

    /** One recommended item on the wire. */
    public record RecommendedItem(String id, String title, String brand, List<String> categoryPath,
                                  BigDecimal price, String currency, double score) {
    }
}
