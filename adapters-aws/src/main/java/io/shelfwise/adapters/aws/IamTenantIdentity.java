package io.shelfwise.adapters.aws;

import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.port.out.TenantIdentity;
import io.shelfwise.tenancy.TenantId;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The tenant's IAM role: trusted by its service account (IRSA) and the pool role, allowed exactly its isolation
 * policy as one inline policy.
 */
public final class IamTenantIdentity implements TenantIdentity {
    /** Name of the inline policy that carries the tenant's {@link IsolationPolicy}. */
    public static final String POLICY_NAME = "shelfwise-tenant-isolation";
    static final String TENANT_TAG = "shelfwise:tenant";
    static final String MANAGED_BY_TAG = "shelfwise:managed-by";

    private static final System.Logger LOG = System.getLogger(IamTenantIdentity.class.getName());

    private final IamClient iam;
    private final PlatformNaming naming;
    private final IamPolicyDocuments documents;

    public IamTenantIdentity(IamClient iam, PlatformNaming naming, IamPolicyDocuments documents) {
        this.iam = Objects.requireNonNull(iam, "iam");
        this.naming = Objects.requireNonNull(naming, "naming");
        this.documents = Objects.requireNonNull(documents, "documents");
    }

    @Override
    public String ensure(IsolationPolicy policy) {
        TenantId tenant = policy.tenant();
        String role = naming.roleName(tenant);
        String trust = documents.trust(tenant);
        List<Tag> tags = List.of(
                Tag.builder().key(TENANT_TAG).value(tenant.value()).build(),
                Tag.builder().key(MANAGED_BY_TAG).value("shelfwise").build());
        try {
            iam.createRole(r -> r.roleName(role)
                    .assumeRolePolicyDocument(trust)
                    .description("Shelfwise tenant " + tenant + ": its workloads and its scoped sessions")
                    .tags(tags));
            LOG.log(Level.INFO, "event=tenant_role_created tenant=" + tenant + " role=" + role);
        } catch (EntityAlreadyExistsException e) {
            iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(trust));
            iam.tagRole(r -> r.roleName(role).tags(tags));
            LOG.log(Level.INFO, "event=tenant_role_updated tenant=" + tenant + " role=" + role);
        }
        iam.putRolePolicy(r -> r.roleName(role).policyName(POLICY_NAME).policyDocument(documents.permissions(policy)));
        // "Exactly its policy": anything else attached to the role (by hand, or by an older naming) would widen it.
        deleteInlinePolicies(role, name -> !name.equals(POLICY_NAME));
        detachManagedPolicies(role);
        return naming.roleArn(tenant);
    }

    @Override
    public void remove(TenantId tenant) {
        String role = naming.roleName(tenant);
        try {
            // IAM refuses to delete a role that still has policies.
            deleteInlinePolicies(role, name -> true);
            detachManagedPolicies(role);
            iam.deleteRole(r -> r.roleName(role));
            LOG.log(Level.INFO, "event=tenant_role_deleted tenant=" + tenant + " role=" + role);
        } catch (NoSuchEntityException e) {
            LOG.log(Level.DEBUG, () -> "event=tenant_role_absent tenant=" + tenant + " role=" + role);
        }
    }

    private void deleteInlinePolicies(String role, Predicate<String> which) {
        List<String> names = iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames().stream()
                .filter(which).toList();
        for (String name : names) {
            try {
                iam.deleteRolePolicy(r -> r.roleName(role).policyName(name));
            } catch (NoSuchEntityException alreadyGone) {
                // Deleted concurrently: the outcome we wanted.
            }
        }
    }

    private void detachManagedPolicies(String role) {
        List<String> arns = iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList();
        for (String arn : arns) {
            try {
                iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn));
            } catch (NoSuchEntityException alreadyGone) {
                // Detached concurrently: the outcome we wanted.
            }
        }
    }
}
