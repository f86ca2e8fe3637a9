package io.shelfwise.segmentation.port.in;

import io.shelfwise.segmentation.ChurnReport;
import io.shelfwise.tenancy.TenantId;
import java.util.Optional;

/** Tenant use case: learn who is about to stop coming back; churn-risk segments use the newest model. */
public interface TrainChurnModel {
    /** Trains on the tenant's history, evaluates against the recency-only rule, and evaluates segments again. */
    ChurnReport train(TenantId tenant, int horizonDays);

    Optional<ChurnReport> current(TenantId tenant);
}
