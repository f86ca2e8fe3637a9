package io.shelfwise.rollout.port.in;

import io.shelfwise.rollout.Recipe;
import io.shelfwise.rollout.Rollout;
import io.shelfwise.tenancy.TenantId;
import java.util.List;

/** Operator use case: ship a training recipe or an app image to every tenant in waves, follow it, pause, resume or abort it. */
public interface ManageRollouts {
    /**
     * Plans the waves (the canaries, then every other served tenant by tier) and starts driving them.
     *
     * @param maxRejectedShare the share of a wave whose candidate may lose its gate before the rollout halts
     */
    Rollout start(Recipe recipe, List<TenantId> canaries, double maxRejectedShare);

    /**
     * Plans an app image's waves (siloed canaries, the pool's Deployment with every pooled tenant, then each siloed
     * tenant's Deployment by tier) and starts driving them; a conflict where the platform has no Deployments.
     */
    Rollout startImage(String image, List<TenantId> canaries, double maxRejectedShare);

    /** The rollout, or {@link io.shelfwise.common.NotFoundException}. */
    Rollout get(String id);

    List<Rollout> list();

    /** Stops after the tenant in training; {@link #resume} goes on from there. */
    Rollout pause(String id);

    Rollout resume(String id);

    /** Stops for good; tenants already changed keep their new model. */
    Rollout abort(String id);
}
