package io.shelfwise.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantTelemetryTest {
    private final MutableClock clock = MutableClock.at("2026-12-06T10:00:30Z");
    private final TenantTelemetry telemetry = new TenantTelemetry(clock);
    private final TenantId a = new TenantId("shop-a");
    private final TenantId b = new TenantId("shop-b");

    @Test
    void a_window_counts_requests_errors_and_events_of_its_tenant_only() {
        for (int i = 0; i < 200; i++) {
            telemetry.request(a, 2_000_000, i < 4 ? 503 : 200);
        }
        telemetry.eventsAccepted(a, 120);
        telemetry.request(b, 1_000_000, 200);

        TenantTelemetry.Traffic traffic = telemetry.traffic(a, Duration.ofMinutes(5));
        assertEquals(200, traffic.requests());
        assertEquals(4, traffic.errors());
        assertEquals(120, traffic.events());
        assertEquals(0.02, traffic.errorRate(), 1e-9);
        assertEquals(200 / 300.0, traffic.requestsPerSecond(), 1e-9);
        assertEquals(1, telemetry.traffic(b, Duration.ofMinutes(5)).requests());
        assertEquals(TenantTelemetry.Traffic.NONE, telemetry.traffic(new TenantId("shop-c"), Duration.ofHours(1)));
    }

    @Test
    void the_p99_is_the_bound_of_the_bucket_holding_the_99th_percentile() {
        for (int i = 0; i < 990; i++) {
            telemetry.request(a, 4_000_000, 200);
        }
        for (int i = 0; i < 10; i++) {
            telemetry.request(a, 400_000_000, 200);
        }
        assertEquals(5, telemetry.traffic(a, Duration.ofMinutes(1)).p99Millis(), "990 of 1000 under 5 ms");
        telemetry.request(a, 400_000_000, 200);
        assertEquals(500, telemetry.traffic(a, Duration.ofMinutes(1)).p99Millis(), "the 11th slow one tips it");
        telemetry.request(a, 60_000_000_000L, 200);
        assertTrue(Double.isNaN(telemetry.traffic(b, Duration.ofMinutes(1)).p99Millis()), "no requests, no p99");
    }

    @Test
    void old_minutes_leave_the_minute_window_but_stay_in_the_hours_and_days() {
        telemetry.request(a, 1_000_000, 200);
        telemetry.eventsAccepted(a, 7);
        clock.advance(Duration.ofMinutes(10));
        assertEquals(0, telemetry.traffic(a, Duration.ofMinutes(5)).requests());
        assertEquals(1, telemetry.traffic(a, Duration.ofHours(1)).requests());
        clock.advance(Duration.ofHours(3));
        assertEquals(0, telemetry.traffic(a, Duration.ofHours(1)).requests(), "the minute ring was overwritten");
        assertEquals(7, telemetry.traffic(a, Duration.ofDays(1)).events());
        clock.advance(Duration.ofDays(40));
        assertEquals(0, telemetry.traffic(a, Duration.ofDays(30)).events(), "retention is 30 days");
    }

    @Test
    void click_through_and_conversion_are_per_list_served_in_each_step() {
        telemetry.recommendationsServed(a, 40);
        telemetry.recommendationOutcomes(a, 4, 1);
        telemetry.recommendationOutcomes(a, 1, 0);
        TenantTelemetry.Point now = telemetry.points(a, TenantTelemetry.Resolution.MINUTE).getLast();
        assertEquals(40, now.served());
        assertEquals(5.0 / 40, now.clickThrough(), 1e-12);
        assertEquals(1.0 / 40, now.conversion(), 1e-12);
        assertEquals(0, now.requests(), "served lists are not requests; the web filter counts those");
        assertTrue(Double.isNaN(telemetry.points(b, TenantTelemetry.Resolution.MINUTE).getLast().clickThrough()));
    }

    @Test
    void points_are_one_per_step_oldest_first_with_empty_steps_as_zero() {
        telemetry.request(a, 1_000_000, 200);
        clock.advance(Duration.ofMinutes(2));
        telemetry.request(a, 1_000_000, 500);
        telemetry.request(a, 1_000_000, 200);

        List<TenantTelemetry.Point> minutes = telemetry.points(a, TenantTelemetry.Resolution.MINUTE);
        assertEquals(60, minutes.size());
        assertEquals(2, minutes.getLast().requests());
        assertEquals(1, minutes.getLast().errors());
        assertEquals(0, minutes.get(58).requests());
        assertEquals(1, minutes.get(57).requests());
        for (int i = 1; i < minutes.size(); i++) {
            assertEquals(Duration.ofMinutes(1), Duration.between(minutes.get(i - 1).start(), minutes.get(i).start()));
        }
        List<TenantTelemetry.Point> hours = telemetry.points(a, TenantTelemetry.Resolution.HOUR);
        assertEquals(48, hours.size());
        assertEquals(3, hours.getLast().requests(), "the hour holds all three");
        assertEquals(30, telemetry.points(b, TenantTelemetry.Resolution.DAY).size(), "zeros for a quiet tenant");
    }
}
