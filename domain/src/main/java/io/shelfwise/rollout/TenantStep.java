package io.shelfwise.rollout;

import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.Locale;

/**
 * One tenant's part of a rollout.
 *
 * @param previousVersion the model active before (null: none), what a halted recipe wave is rolled back to
 * @param newVersion      the model the recipe trained, if one was stored
 * @param runId           the training run, so a resumed rollout can look it up instead of training again
 * @param previousImage   the image the tenant's workload ran before an image rollout changed it (null: untouched)
 * @param at              when the step took its state (null while pending)
 */
public record TenantStep(TenantId tenant, Wave wave, State state, Integer previousVersion, Integer newVersion,
                         String runId, String previousImage, String message, Instant at) {
    /** Where the tenant stands. */
    public enum State {
        PENDING, TRAINING, UPDATING, PROMOTED, UPDATED, REJECTED, FAILED, UNHEALTHY, ROLLED_BACK;

        public boolean isDone() {
            return this != PENDING && this != TRAINING && this != UPDATING;
        }

        /** Serving the change: a promoted model or an updated image. */
        public boolean isServingChange() {
            return this == PROMOTED || this == UPDATED;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static TenantStep pending(TenantId tenant, Wave wave) {
        return new TenantStep(tenant, wave, State.PENDING, null, null, null, null, null, null);
    }

    TenantStep training(Integer previous, String run, Instant now) {
        return new TenantStep(tenant, wave, State.TRAINING, previous, null, run, null, null, now);
    }

    TenantStep updating(String fromImage, String why, Instant now) {
        return new TenantStep(tenant, wave, State.UPDATING, null, null, null, fromImage, why, now);
    }

    TenantStep ended(State end, Integer version, String why, Instant now) {
        return new TenantStep(tenant, wave, end, previousVersion, version, runId, previousImage, why, now);
    }
}
