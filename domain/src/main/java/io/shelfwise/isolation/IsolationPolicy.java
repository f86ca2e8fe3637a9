package io.shelfwise.isolation;

import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exactly the resources one tenant may touch and how. The same policy is rendered as the tenant's IAM policy
 * (for its role, bound to its service account) and enforced in process by {@link TenantScope} on every adapter
 * call, so a bug in request handling still cannot reach another tenant's data.
 */
public record IsolationPolicy(TenantId tenant, List<Grant> grants) {
    public static final Set<String> ARTIFACT_ACTIONS = Set.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject");
    public static final Set<String> TABLE_ACTIONS = Set.of("dynamodb:PutItem", "dynamodb:GetItem",
            "dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable");

    public IsolationPolicy {
        grants = List.copyOf(grants);
    }

    /** The one function that decides what a tenant may touch: its tables and its artifact prefix, nothing else. */
    public static IsolationPolicy derive(TenantId tenant, PlatformNaming naming) {
        String prefix = naming.artifactPrefix(tenant);
        return new IsolationPolicy(tenant, List.of(
                new Grant(ARTIFACT_ACTIONS, Set.of(naming.bucketArn() + "/" + prefix + "*"), Map.of()),
                new Grant(Set.of("s3:ListBucket"), Set.of(naming.bucketArn()), Map.of("s3:prefix", prefix + "*")),
                new Grant(TABLE_ACTIONS, Set.of(
                        naming.tableArn(naming.recommendationLogTable(tenant)),
                        naming.tableArn(naming.eventTable(tenant))), Map.of())));
    }

    public boolean allows(String action, String resourceArn) {
        return allows(action, resourceArn, Map.of());
    }

    public boolean allows(String action, String resourceArn, Map<String, String> context) {
        return grants.stream().anyMatch(g -> g.allows(action, resourceArn, context));
    }
}
