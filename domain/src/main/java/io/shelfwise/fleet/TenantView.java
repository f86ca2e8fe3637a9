package io.shelfwise.fleet;

import io.shelfwise.metering.UsageReport;
import io.shelfwise.onboarding.OnboardingRun;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.tenancy.ApiKey;
import java.util.List;

/**
 * One tenant's page.
 *
 * @param minutes    the last hour, a point a minute
 * @param hours      the last two days, a point an hour
 * @param days       the last 30 days, a point a day
 * @param models     every model version, newest first
 * @param onboarding the latest onboarding, or null
 */
public record TenantView(FleetRow row, Slo slo, List<TenantTelemetry.Point> minutes,
                         List<TenantTelemetry.Point> hours, List<TenantTelemetry.Point> days,
                         List<ModelVersion> models, OnboardingRun onboarding, UsageReport usage, List<ApiKey> keys) {
    public TenantView {
        minutes = List.copyOf(minutes);
        hours = List.copyOf(hours);
        days = List.copyOf(days);
        models = List.copyOf(models);
        keys = List.copyOf(keys);
    }
}
