package io.shelfwise.adapters.aws;

import io.shelfwise.isolation.Grant;
import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.tenancy.TenantId;
import java.util.Collection;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * Renders a tenant's {@link IsolationPolicy} as its IAM permissions policy, and the trust policy of its role.
 *
 * <p>The permissions are one Allow statement per {@link Grant}, its conditions as {@code StringLike}: the same
 * rules that {@link io.shelfwise.isolation.TenantScope} enforces in process, so IAM and the in-process guard agree.
 */
public final class IamPolicyDocuments {
    static final String VERSION = "2012-10-17";
    static final String WEB_IDENTITY_AUDIENCE = "sts.amazonaws.com";

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern OIDC_PROVIDER = Pattern.compile("[a-z0-9.-]+(/[\\w.-]+)*");
    private static final IamPolicyWriter COMPACT = IamPolicyWriter.builder().prettyPrint(false).build();

    private final PlatformNaming naming;
    private final String poolRoleArn;

    /**
     * @param poolRoleArn the role the shared (pooled) app replicas run as; tenants' roles trust it to assume them
     *                    for tenant-scoped sessions (see {@link StsTenantCredentials})
     */
    public IamPolicyDocuments(PlatformNaming naming, String poolRoleArn) {
        this.naming = Objects.requireNonNull(naming, "naming");
        if (poolRoleArn == null || !ROLE_ARN.matcher(poolRoleArn).matches()) {
            throw new IllegalArgumentException("poolRoleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>): "
                    + poolRoleArn);
        }
        // The provider appears bare (no scheme) in its ARN and in the condition keys of the trust policy.
        if (!OIDC_PROVIDER.matcher(naming.oidcProvider()).matches()) {
            throw new IllegalArgumentException("oidcProvider must be the issuer without a scheme, e.g. "
                    + "oidc.eks.eu-west-1.amazonaws.com/id/ABC: " + naming.oidcProvider());
        }
        this.poolRoleArn = poolRoleArn;
    }

    /** The tenant's permissions policy: one Allow statement per grant, nothing else. */
    public String permissions(IsolationPolicy policy) {
        String tenantPrefix = naming.artifactPrefix(policy.tenant());
        IamPolicy.Builder document = IamPolicy.builder().version(VERSION);
        int number = 0;
        for (Grant grant : policy.grants()) {
            IamStatement.Builder statement = IamStatement.builder()
                    .sid("TenantGrant" + ++number)
                    .effect(IamEffect.ALLOW)
                    .actionIds(sorted(grant.actions()))
                    .resourceIds(sorted(grant.resources()));
            grant.resources().forEach(resource -> requireTenantAnchored(resource, tenantPrefix));
            new TreeMap<>(grant.stringLikeConditions()).forEach((key, pattern) -> {
                requireTenantAnchored(pattern, tenantPrefix);
                statement.addCondition(IamConditionOperator.STRING_LIKE, key, pattern);
            });
            document.addStatement(statement.build());
        }
        return document.build().toJson(COMPACT);
    }

    /**
     * The trust policy of the tenant's role: its Kubernetes service account through the cluster's OIDC provider
     * (IRSA), and the platform's pool role for tenant-scoped sessions of pooled tenants.
     */
    public String trust(TenantId tenant) {
        String provider = naming.oidcProvider();
        String serviceAccount = "system:serviceaccount:" + naming.namespace(tenant) + ":" + naming.serviceAccount(tenant);
        return IamPolicy.builder().version(VERSION)
                .addStatement(s -> s.sid("TenantServiceAccount")
                        .effect(IamEffect.ALLOW)
                        .addPrincipal(IamPrincipalType.FEDERATED,
                                "arn:aws:iam::" + naming.accountId() + ":oidc-provider/" + provider)
                        .addAction("sts:AssumeRoleWithWebIdentity")
                        .addCondition(IamConditionOperator.STRING_EQUALS, provider + ":sub", serviceAccount)
                        .addCondition(IamConditionOperator.STRING_EQUALS, provider + ":aud", WEB_IDENTITY_AUDIENCE))
                .addStatement(s -> s.sid("PlatformPoolRole")
                        .effect(IamEffect.ALLOW)
                        .addPrincipal(IamPrincipalType.AWS, poolRoleArn)
                        .addAction("sts:AssumeRole"))
                .build().toJson(COMPACT);
    }

    /**
     * Refuses a wildcard that is not anchored in the tenant's own prefix, and IAM's {@code ?} wildcard, which the
     * in-process matcher would read literally: either would make IAM grant more than {@code TenantScope} does.
     */
    private static void requireTenantAnchored(String value, String tenantPrefix) {
        if (value.indexOf('?') >= 0) {
            throw new IllegalArgumentException("'?' is a wildcard in IAM but not in the isolation policy: " + value);
        }
        int star = value.indexOf('*');
        if (star < 0) {
            return;
        }
        String fixed = value.substring(0, star);
        boolean anchored = fixed.equals(tenantPrefix) || fixed.endsWith("/" + tenantPrefix);
        if (star != value.length() - 1 || !anchored) {
            throw new IllegalArgumentException("a wildcard must follow the tenant's own prefix '" + tenantPrefix
                    + "': " + value);
        }
    }

    private static TreeSet<String> sorted(Collection<String> values) {
        return new TreeSet<>(values);
    }
}
