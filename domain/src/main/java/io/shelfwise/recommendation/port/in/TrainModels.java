package io.shelfwise.recommendation.port.in;

import io.shelfwise.recommendation.training.TrainingRun;
import io.shelfwise.tenancy.TenantId;
import java.util.List;

/** Tenant use case: train a new model on the tenant's events, gated by evaluation, and follow its progress. */
public interface TrainModels {
    /** Queues a training run; a conflict if one is already queued or running for the tenant. */
    TrainingRun startTraining(TenantId tenant);

    /**
     * Queues a training run with another recipe than the platform's (a fleet rollout's); gated and promoted like
     * any other run, against the tenant's active model.
     */
    TrainingRun startTraining(TenantId tenant, io.shelfwise.recommendation.training.TrainingOptions recipe);

    /** The run, or {@link io.shelfwise.common.NotFoundException}. */
    TrainingRun trainingRun(TenantId tenant, String runId);

    /** The tenant's recent runs, newest first. */
    List<TrainingRun> trainingRuns(TenantId tenant);
}
