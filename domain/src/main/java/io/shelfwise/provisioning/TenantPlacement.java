package io.shelfwise.provisioning;

import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.TierPolicy;
import java.util.Objects;

/**
 * Where and how a tenant runs, derived from its tier's policy: what the infrastructure adapter makes real.
 *
 * @param roleArn the tenant's IAM role, bound to its service account
 */
public record TenantPlacement(TenantId tenant, TierPolicy policy, String namespace, String serviceAccount,
                              String roleArn) {
    public TenantPlacement {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        Objects.requireNonNull(roleArn, "roleArn");
    }

    public static TenantPlacement of(TenantId tenant, TierPolicy policy, PlatformNaming naming, String roleArn) {
        return new TenantPlacement(tenant, policy, naming.namespace(tenant), naming.serviceAccount(tenant), roleArn);
    }

    /** Whether the tenant gets its own Deployment, node group and endpoint. */
    public boolean siloed() {
        return policy.deploymentModel() == TierPolicy.DeploymentModel.SILOED;
    }
}
