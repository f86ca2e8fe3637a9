package io.shelfwise.adapters.local;

import io.shelfwise.rollout.port.out.AppDeployments;
import java.time.Duration;
import java.util.Optional;

/** Embedded mode runs every tenant in this one process: there is no Deployment, so no image to ship. */
public final class InProcessAppDeployments implements AppDeployments {
    static final String WHY = "this platform serves every tenant in one process (SHELFWISE_INFRASTRUCTURE="
            + "in-process): there is no Deployment to update; image rollouts run on Kubernetes "
            + "(SHELFWISE_INFRASTRUCTURE=kubernetes)";

    @Override
    public Optional<String> unavailable() {
        return Optional.of(WHY);
    }

    @Override
    public String image(Workload workload) {
        throw new UnsupportedOperationException(WHY);
    }

    @Override
    public void setImage(Workload workload, String image) {
        throw new UnsupportedOperationException(WHY);
    }

    @Override
    public boolean gaveUp(Workload workload) {
        throw new UnsupportedOperationException(WHY);
    }

    @Override
    public Optional<String> awaitRolledOut(Workload workload, String image, Duration timeout) {
        throw new UnsupportedOperationException(WHY);
    }
}
