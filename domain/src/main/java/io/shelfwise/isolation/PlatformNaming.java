package io.shelfwise.isolation;

import io.shelfwise.tenancy.TenantId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the platform's shared cloud resources are, and how a tenant's own resources are named from its id.
 * Every tenant resource name embeds the tenant id, so a policy can grant exactly one tenant's resources.
 *
 * @param resourcePrefix  prefix of tables and namespaces, e.g. {@code shelfwise}
 * @param artifactBucket  the S3 bucket holding every tenant's model artifacts under {@code <tenant>/}
 * @param oidcProvider    the EKS cluster's OIDC provider host, e.g. {@code oidc.eks.eu-west-1.amazonaws.com/id/ABC}
 */
public record PlatformNaming(String resourcePrefix, String artifactBucket, String region, String accountId,
                             String oidcProvider) {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,20}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    public PlatformNaming {
        Objects.requireNonNull(artifactBucket, "artifactBucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(oidcProvider, "oidcProvider");
        if (resourcePrefix == null || !PREFIX.matcher(resourcePrefix).matches()) {
            throw new IllegalArgumentException("resourcePrefix must be 1..21 of a-z0-9- starting with a letter");
        }
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId must be 12 digits");
        }
    }

    /** DynamoDB table of the tenant's recommendation log. */
    public String recommendationLogTable(TenantId tenant) {
        return resourcePrefix + "-" + tenant + "-rec-log";
    }

    /** DynamoDB table of the tenant's events. */
    public String eventTable(TenantId tenant) {
        return resourcePrefix + "-" + tenant + "-events";
    }

    /** Key prefix of the tenant's model artifacts inside {@link #artifactBucket()}. */
    public String artifactPrefix(TenantId tenant) {
        return tenant + "/";
    }

    /** IAM role the tenant's workloads assume. */
    public String roleName(TenantId tenant) {
        return resourcePrefix + "-tenant-" + tenant;
    }

    public String roleArn(TenantId tenant) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName(tenant);
    }

    /** Kubernetes namespace of the tenant. */
    public String namespace(TenantId tenant) {
        return resourcePrefix + "-" + tenant;
    }

    /** Kubernetes service account the tenant's pods run as, bound to {@link #roleArn}. */
    public String serviceAccount(TenantId tenant) {
        return "tenant-" + tenant;
    }

    public String tableArn(String table) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table;
    }

    public String bucketArn() {
        return "arn:aws:s3:::" + artifactBucket;
    }
}
