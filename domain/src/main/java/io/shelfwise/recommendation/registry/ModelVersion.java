package io.shelfwise.recommendation.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One trained model of a tenant, as the registry keeps it.
 *
 * @param version      1, 2, ... per tenant, in training order
 * @param status       where it stands now
 * @param createdAt    when training finished
 * @param trainedUntil how far the stored model saw events: the evaluation's cutoff (exclusive) for a version the gate
 *                     rejected; a winner is refit on the whole window and saw events up to this, its newest
 * @param training     what it was trained on and how training went
 * @param gate         how it did against the model it had to beat
 */
public record ModelVersion(int version, Status status, Instant createdAt, Instant trainedUntil,
                           TrainingSummary training, GateResult gate) {
    public ModelVersion {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(trainedUntil, "trainedUntil");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(gate, "gate");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }

    public ModelVersion withStatus(Status newStatus) {
        return new ModelVersion(version, newStatus, createdAt, trainedUntil, training, gate);
    }

    public String artifact() {
        return artifactOf(version);
    }

    public static String artifactOf(int version) {
        return String.format(java.util.Locale.ROOT, "models/v%06d/factors.bin", version);
    }

    /** Where the version's EASE item model lies, if its home recipe uses one. */
    public static String itemModelOf(int version) {
        return String.format(java.util.Locale.ROOT, "models/v%06d/ease.bin", version);
    }

    static String metadataOf(int version) {
        return String.format(java.util.Locale.ROOT, "models/v%06d/model.properties", version);
    }

    /** Where a version stands. */
    public enum Status {
        /** Serving now; one per tenant at most. */
        ACTIVE,
        /** Passed the gate and served before, or promoted and then replaced or rolled back from. */
        INACTIVE,
        /** Did not beat the model it had to beat; kept for inspection, promotable by hand. */
        REJECTED
    }
}
