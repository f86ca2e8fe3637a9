package io.shelfwise.app.web;

import io.shelfwise.common.ValidationException;
import io.shelfwise.onboarding.OffboardingReport;
import io.shelfwise.onboarding.port.in.OffboardStore;
import io.shelfwise.tenancy.TenantId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code /admin/v1/offboardings}: a store leaves the platform for good: its data exported if asked, then its keys,
 * serving, infrastructure, data stores, identity and every database row removed, in that order.
 */
@Audience(Audience.Caller.OPERATOR)
@Path("admin/v1/offboardings")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminOffboardingsResource {
    private final OffboardStore offboarding;

    public AdminOffboardingsResource(OffboardStore offboarding) {
        this.offboarding = offboarding;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public OffboardingJson offboard(NewOffboarding body) {
        if (body == null || body.tenantId() == null) {
            throw ValidationException.of("tenantId", "is required");
        }
        OffboardingReport report = offboarding.offboard(new TenantId(body.tenantId()), body.exportLocation());
        return new OffboardingJson(report.tenant().value(), report.steps().stream()
                .map(s -> new StepJson(s.name(), s.took().toMillis(), s.output())).toList());
    }

    /** Body of {@code POST /admin/v1/offboardings}. */
    public record NewOffboarding(String tenantId, String exportLocation) {
    }

    /** What was done. */
    public record OffboardingJson(String tenantId, List<StepJson> steps) {
    }

    /** One step of it. */
    public record StepJson(String step, long durationMs, String output) {
    }
}
