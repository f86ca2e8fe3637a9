package io.shelfwise.rollout;

import io.shelfwise.tenancy.TenantId;
import java.util.Locale;

/**
 * One tenant's part of a rollout.
 *
 * @param previousVersion the model active before (null: none), what a halted wave is rolled back to
 * @param newVersion      the model the recipe trained, if one was stored
 * @param runId           the training run, so a resumed rollout can look it up instead of training again
 */
public record TenantStep(TenantId tenant, Wave wave, State state, Integer previousVersion, Integer newVersion,
                         String runId, String message) {
    /** Where the tenant stands. */
    public enum State {
        PENDING, TRAINING, PROMOTED, REJECTED, FAILED, UNHEALTHY, ROLLED_BACK;

        public boolean isDone() {
            return this != PENDING && this != TRAINING;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static TenantStep pending(TenantId tenant, Wave wave) {
        return new TenantStep(tenant, wave, State.PENDING, null, null, null, null);
    }

    TenantStep training(Integer previous, String run) {
        return new TenantStep(tenant, wave, State.TRAINING, previous, null, run, null);
    }

    TenantStep ended(State end, Integer version, String why) {
        return new TenantStep(tenant, wave, end, previousVersion, version, runId, why);
    }
}
