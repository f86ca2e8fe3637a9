package io.shelfwise.app.web;

import io.shelfwise.metering.UsageMetric;
import io.shelfwise.metering.UsageReport;
import io.shelfwise.metering.port.in.ReportUsage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code /admin/v1/usage}: every tenant's metered usage in a billing period, as CSV for billing. */
@Audience(Audience.Caller.OPERATOR)
@Path("admin/v1/usage")
public final class AdminUsageResource {
    private final ReportUsage usage;
    private final Clock clock;

    public AdminUsageResource(ReportUsage usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    @GET
    @Produces("text/csv")
    public String fleet(@QueryParam("period") String period) {
        StringBuilder csv = new StringBuilder("period,tenant,tier,");
        csv.append(Arrays.stream(UsageMetric.values()).map(UsageMetric::key).collect(Collectors.joining(",")));
        csv.append(",events_included,price_usd\n");
        for (UsageReport r : usage.fleet(Bodies.periodParam(period, clock))) {
            csv.append(r.period()).append(',').append(r.tenant()).append(',').append(r.tier().wireName());
            for (UsageMetric metric : UsageMetric.values()) {
                csv.append(',').append(r.get(metric));
            }
            csv.append(',').append(r.eventsIncluded()).append(',').append(r.priceUsd().toPlainString()).append('\n');
        }
        return csv.toString();
    }

    static UsageJson json(UsageReport r) {
        Map<String, Long> metrics = new LinkedHashMap<>();
        for (UsageMetric metric : UsageMetric.values()) {
            metrics.put(metric.key(), r.get(metric));
        }
        return new UsageJson(r.tenant().value(), r.tier().wireName(), r.period().toString(), metrics,
                r.eventsIncluded(), r.priceUsd());
    }

    /** A tenant's usage in one period, on the wire. */
    public record UsageJson(String tenant, String tier, String period, Map<String, Long> usage, long eventsIncluded,
                            BigDecimal priceUsd) {
    }
}
