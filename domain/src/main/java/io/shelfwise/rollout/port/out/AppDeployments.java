package io.shelfwise.rollout.port.out;

import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.util.Optional;

/**
 * The workloads that run the app image: the pool's one Deployment, which serves every pooled tenant, and each
 * siloed tenant's own Deployment. An image rollout changes them one at a time and waits for each to roll out.
 */
public interface AppDeployments {
    /** Empty when images can be shipped here; otherwise why not (e.g. the platform runs in one process). */
    Optional<String> unavailable();

    /** The image the workload runs now. */
    String image(Workload workload);

    /** Starts the workload's rolling update to {@code image}; idempotent. */
    void setImage(Workload workload, String image);

    /**
     * Waits until every replica of the workload runs {@code image} and is available: empty when it did within
     * {@code timeout}, otherwise what was seen (replicas updated / available, the controller's reason).
     */
    Optional<String> awaitRolledOut(Workload workload, String image, Duration timeout);

    /** Whether the workload's controller has given up on its current update (waiting longer will not help). */
    boolean gaveUp(Workload workload);

    /** The pool's Deployment ({@code tenant} null) or a siloed tenant's own. */
    record Workload(TenantId tenant) {
        public static final Workload POOL = new Workload(null);

        public static Workload of(TenantId siloedTenant) {
            return new Workload(java.util.Objects.requireNonNull(siloedTenant, "siloedTenant"));
        }

        public boolean isPool() {
            return tenant == null;
        }

        @Override
        public String toString() {
            return isPool() ? "the pool" : "tenant " + tenant;
        }
    }
}
