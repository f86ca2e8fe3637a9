package io.shelfwise.app.web;

import io.shelfwise.catalog.Item;
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
import java.util.List;

/** {@code /v1/recommendations}: ranked item lists for the tenant's placements. */
@Audience(Audience.Caller.TENANT)
@Path("v1/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public final class RecommendationsResource {
    private final RecommendPopular popular;
    private final RecordUsage usage;

    @Context
    private SecurityContext security;

    public RecommendationsResource(RecommendPopular popular, RecordUsage usage) {
        this.popular = popular;
        this.usage = usage;
    }

    @GET
    @Path("popular")
    public RecommendationsJson popular(@QueryParam("limit") String limit) {
        TenantId tenant = TenantPrincipal.of(security).tenantId();
        Recommendations recs = popular.popular(tenant, Bodies.intParam("limit", limit, 10));
        usage.record(tenant, UsageMetric.RECOMMENDATION_REQUESTS, 1);
        return new RecommendationsJson(recs.recommendationId(), recs.surface(), recs.items().stream()
                .map(s -> {
                    Item i = s.item();
                    return new RecommendedItem(i.id().value(), i.title(), i.brand(), i.categoryPath(), i.price(),
                            i.currency(), s.score());
                })
                .toList());
    }

    /** A ranked list on the wire. */
    public record RecommendationsJson(String recommendationId, String surface, List<RecommendedItem> items) {
    }

    /** One recommended item on the wire. */
    public record RecommendedItem(String id, String title, String brand, List<String> categoryPath,
                                  BigDecimal price, String currency, double score) {
    }
}
