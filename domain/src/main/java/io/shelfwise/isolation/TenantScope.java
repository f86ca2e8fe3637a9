package io.shelfwise.isolation;

import io.shelfwise.common.PermissionDeniedException;
import io.shelfwise.tenancy.TenantId;
import java.util.Map;
import java.util.Objects;

/**
 * The handle through which an adapter touches one tenant's cloud resources: it refuses any resource outside
 * the tenant's {@link IsolationPolicy}, whatever the caller asked for.
 */
public final class TenantScope {
    private final IsolationPolicy policy;
    private final PlatformNaming naming;

    public TenantScope(IsolationPolicy policy, PlatformNaming naming) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.naming = Objects.requireNonNull(naming, "naming");
    }

    public static TenantScope of(TenantId tenant, PlatformNaming naming) {
        return new TenantScope(IsolationPolicy.derive(tenant, naming), naming);
    }

    public TenantId tenant() {
        return policy.tenant();
    }

    public PlatformNaming naming() {
        return naming;
    }

    public IsolationPolicy policy() {
        return policy;
    }

    /** Throws unless the tenant's policy allows {@code action} on {@code resourceArn}. */
    public void require(String action, String resourceArn) {
        require(action, resourceArn, Map.of());
    }

    public void require(String action, String resourceArn, Map<String, String> context) {
        if (!policy.allows(action, resourceArn, context)) {
            throw new PermissionDeniedException("isolation: tenant '" + policy.tenant() + "' may not " + action
                    + " on " + resourceArn);
        }
    }

    /** Checks and returns the tenant's table {@code table} for a DynamoDB {@code action}. */
    public String table(String action, String table) {
        require(action, naming.tableArn(table));
        return table;
    }

    /** Checks and returns the S3 object key {@code key} in the artifact bucket for an S3 {@code action}. */
    public String artifactKey(String action, String key) {
        require(action, naming.bucketArn() + "/" + key);
        return key;
    }
}
