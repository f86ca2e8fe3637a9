package io.shelfwise.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.common.PermissionDeniedException;
import io.shelfwise.tenancy.TenantId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IsolationPolicyTest {
    private static final PlatformNaming NAMING = new PlatformNaming("sw", "artifacts", "eu-west-1", "123456789012",
            "oidc.example/id/1");
    private final TenantId a = new TenantId("tenant-a");
    private final TenantId b = new TenantId("tenant-b");
    private final IsolationPolicy policyA = IsolationPolicy.derive(a, NAMING);

    @Test
    void a_tenant_may_touch_its_own_prefix_and_tables() {
        assertTrue(policyA.allows("s3:GetObject", "arn:aws:s3:::artifacts/tenant-a/models/v1/model.bin"));
        assertTrue(policyA.allows("s3:PutObject", "arn:aws:s3:::artifacts/tenant-a/x"));
        assertTrue(policyA.allows("dynamodb:PutItem",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/sw-tenant-a-rec-log"));
        assertTrue(policyA.allows("dynamodb:Query", "arn:aws:dynamodb:eu-west-1:123456789012:table/sw-tenant-a-events"));
        assertTrue(policyA.allows("s3:ListBucket", "arn:aws:s3:::artifacts", Map.of("s3:prefix", "tenant-a/models/")));
    }

    @Test
    void a_tenant_may_not_touch_another_tenants_resources_or_do_anything_else() {
        assertFalse(policyA.allows("s3:GetObject", "arn:aws:s3:::artifacts/tenant-b/models/v1/model.bin"));
        assertFalse(policyA.allows("s3:GetObject", "arn:aws:s3:::artifacts/tenant-ab/x"),
                "a prefix of another tenant's id is not the tenant's prefix");
        assertFalse(policyA.allows("dynamodb:PutItem",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/sw-tenant-b-rec-log"));
        assertFalse(policyA.allows("dynamodb:DeleteTable",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/sw-tenant-a-rec-log"));
        assertFalse(policyA.allows("dynamodb:Scan",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/sw-tenant-a-events"));
        assertFalse(policyA.allows("s3:ListBucket", "arn:aws:s3:::artifacts", Map.of("s3:prefix", "tenant-b/")));
        assertFalse(policyA.allows("s3:ListBucket", "arn:aws:s3:::artifacts"), "listing needs the prefix condition");
        assertFalse(policyA.allows("s3:GetObject", "arn:aws:s3:::artifacts/root-object"));
    }

    @Test
    void the_scope_refuses_what_the_policy_does_not_allow() {
        TenantScope scope = TenantScope.of(a, NAMING);
        assertEquals("sw-tenant-a-rec-log", scope.table("dynamodb:PutItem", NAMING.recommendationLogTable(a)));
        assertEquals("tenant-a/m.bin", scope.artifactKey("s3:GetObject", "tenant-a/m.bin"));
        assertThrows(PermissionDeniedException.class,
                () -> scope.table("dynamodb:PutItem", NAMING.recommendationLogTable(b)));
        assertThrows(PermissionDeniedException.class, () -> scope.artifactKey("s3:GetObject", "tenant-b/m.bin"));
    }

    @Test
    void grants_never_carry_a_bare_or_inner_wildcard() {
        assertThrows(IllegalArgumentException.class, () -> new Grant(Set.of("s3:GetObject"), Set.of("*"), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Grant(Set.of("s3:GetObject"), Set.of("arn:aws:s3:::artifacts/*/models"), Map.of()));
    }

    @Test
    void every_resource_of_a_tenants_policy_names_the_tenant_or_is_the_bucket_under_a_prefix_condition() {
        for (Grant grant : policyA.grants()) {
            for (String resource : grant.resources()) {
                boolean named = resource.contains("tenant-a");
                boolean bucketWithPrefix = resource.equals(NAMING.bucketArn())
                        && "tenant-a/*".equals(grant.stringLikeConditions().get("s3:prefix"));
                assertTrue(named || bucketWithPrefix, resource);
            }
        }
    }
}
