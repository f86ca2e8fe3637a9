package io.shelfwise.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.shelfwise.fleet.TenantTelemetry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestMetricsFilterTest {
    @Test
    void a_tenant_that_loses_its_label_loses_its_series_and_the_others_keep_theirs() {
        MeterRegistry registry = MeterRegistry.create();
        TenantLabels labels = new TenantLabels(1);
        RequestMetricsFilter filter = new RequestMetricsFilter(registry, new TenantTelemetry(Clock.systemUTC()),
                labels, io.shelfwise.app.tracing.Tracing.from(Map.of()));
        labels.label("early");
        timer(registry, "early");
        timer(registry, TenantLabels.OTHER);

        filter.rerank(Map.of(new io.shelfwise.tenancy.TenantId("busy"), 100L,
                new io.shelfwise.tenancy.TenantId("early"), 1L));

        assertEquals(List.of(TenantLabels.OTHER), registry.meters(m -> m.id().name().equals("shelfwise.requests"))
                .stream().map(m -> m.id().tagsMap().get("tenant")).toList());
        assertEquals("busy", labels.label("busy"));
    }

    private static void timer(MeterRegistry registry, String tenant) {
        registry.getOrCreate(Timer.builder("shelfwise.requests").tags(List.of(Tag.create("tenant", tenant),
                Tag.create("route", "GET /v1/items/{id}"), Tag.create("status", "200"))));
    }
}
