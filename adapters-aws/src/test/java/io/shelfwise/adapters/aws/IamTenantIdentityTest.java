package io.shelfwise.adapters.aws;

import static io.shelfwise.adapters.aws.Fixtures.ACCOUNT;
import static io.shelfwise.adapters.aws.Fixtures.BUCKET;
import static io.shelfwise.adapters.aws.Fixtures.NAMING;
import static io.shelfwise.adapters.aws.Fixtures.OIDC_PROVIDER;
import static io.shelfwise.adapters.aws.Fixtures.POOL_ROLE;
import static io.shelfwise.adapters.aws.Fixtures.TENANT_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.adapters.aws.IamPolicyEvaluator.Principal;
import io.shelfwise.isolation.IsolationPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

class IamTenantIdentityTest {
    private static final String ROLE = "shelfwise-tenant-tenant-a";
    private static final String OBJECTS = "arn:aws:s3:::" + BUCKET + "/";

    private final FakeIam fakeIam = new FakeIam();
    private MockWebServer server;
    private IamClient iam;
    private IamTenantIdentity identity;

    @BeforeEach
    void startFakeIam() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(fakeIam);
        server.start(InetAddress.getLoopbackAddress(), 0);
        iam = IamClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getPort()))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(Fixtures.CREDENTIALS)
                .build();
        identity = new IamTenantIdentity(iam, NAMING, Fixtures.documents());
    }

    @AfterEach
    void stop() {
        iam.close();
        server.close();
    }

    @Test
    void ensure_creates_the_role_with_its_trust_policy_tags_and_one_inline_policy() {
        String arn = identity.ensure(IsolationPolicy.derive(TENANT_A, NAMING));

        assertEquals("arn:aws:iam::" + ACCOUNT + ":role/" + ROLE, arn);
        assertEquals(List.of("CreateRole", "PutRolePolicy", "ListRolePolicies", "ListAttachedRolePolicies"),
                fakeIam.actions());
        Map<String, String> create = fakeIam.lastCall("CreateRole");
        assertEquals(ROLE, create.get("RoleName"));
        assertEquals("2010-05-08", create.get("Version"));
        FakeIam.Role role = fakeIam.roles.get(ROLE);
        assertEquals(Map.of("shelfwise:tenant", "tenant-a", "shelfwise:managed-by", "shelfwise"), role.tags);
        assertEquals(List.of(IamTenantIdentity.POLICY_NAME), List.copyOf(role.inlinePolicies.keySet()));
        assertEquals(ROLE, fakeIam.lastCall("PutRolePolicy").get("RoleName"));
    }

    @Test
    void the_inline_policy_sent_to_iam_allows_the_tenants_resources_and_nothing_of_another_tenant() {
        identity.ensure(IsolationPolicy.derive(TENANT_A, NAMING));

        IamPolicyEvaluator sent = IamPolicyEvaluator.parse(fakeIam.lastCall("PutRolePolicy").get("PolicyDocument"));
        assertTrue(sent.allows("s3:PutObject", OBJECTS + "tenant-a/models/v1/model.bin"));
        assertTrue(sent.allows("dynamodb:PutItem", NAMING.tableArn("shelfwise-tenant-a-rec-log")));
        assertFalse(sent.allows("s3:PutObject", OBJECTS + "tenant-b/models/v1/model.bin"));
        assertFalse(sent.allows("dynamodb:PutItem", NAMING.tableArn("shelfwise-tenant-b-rec-log")));
        assertFalse(sent.allows("dynamodb:DeleteTable", NAMING.tableArn("shelfwise-tenant-a-rec-log")));
    }

    @Test
    void the_trust_policy_sent_to_iam_admits_the_tenants_service_account_and_the_pool_role() {
        identity.ensure(IsolationPolicy.derive(TENANT_A, NAMING));

        IamPolicyEvaluator trust = IamPolicyEvaluator.parse(
                fakeIam.lastCall("CreateRole").get("AssumeRolePolicyDocument"));
        Principal cluster = new Principal("Federated", "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + OIDC_PROVIDER);
        assertTrue(trust.allowsPrincipal(cluster, "sts:AssumeRoleWithWebIdentity", Map.of(
                OIDC_PROVIDER + ":sub", "system:serviceaccount:shelfwise-tenant-a:tenant-tenant-a",
                OIDC_PROVIDER + ":aud", "sts.amazonaws.com")));
        assertFalse(trust.allowsPrincipal(cluster, "sts:AssumeRoleWithWebIdentity", Map.of(
                OIDC_PROVIDER + ":sub", "system:serviceaccount:shelfwise-tenant-b:tenant-tenant-b",
                OIDC_PROVIDER + ":aud", "sts.amazonaws.com")));
        assertTrue(trust.allowsPrincipal(new Principal("AWS", POOL_ROLE), "sts:AssumeRole", Map.of()));
    }

    @Test
    void ensure_on_an_existing_role_updates_its_trust_tags_and_policy_instead_of_failing() {
        identity.ensure(IsolationPolicy.derive(TENANT_A, NAMING));
        FakeIam.Role role = fakeIam.roles.get(ROLE);
        role.trust = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        role.inlinePolicies.put(IamTenantIdentity.POLICY_NAME, "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        fakeIam.calls.clear();

        String arn = identity.ensure(IsolationPolicy.derive(TENANT_A, NAMING));

        assertEquals(NAMING.roleArn(TENANT_A), arn);
        assertEquals(List.of("CreateRole", "UpdateAssumeRolePolicy", "TagRole", "PutRolePolicy", "ListRolePolicies",
                "ListAttachedRolePolicies"), fakeIam.actions());
        assertEquals(Fixtures.documents().trust(TENANT_A), role.trust);
        assertEquals(Fixtures.documents().permissions(IsolationPolicy.derive(TENANT_A, NAMING)),
                role.inlinePolicies.get(IamTenantIdentity.POLICY_NAME));
        assertEquals(1, fakeIam.roles.size());
    }

    @Test
    void ensure_strips_policies_that_would_widen_the_role_beyond_the_tenants_policy() {
        identity.ensure(IsolationPolicy.derive(TENANT_A, NAMING));
        FakeIam.Role role = fakeIam.roles.get(ROLE);
        role.inlinePolicies.put("added-by-hand", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        role.attachedPolicies.add("arn:aws:iam::aws:policy/AmazonS3FullAccess");

        identity.ensure(IsolationPolicy.derive(TENANT_A, NAMING));

        assertEquals(List.of(IamTenantIdentity.POLICY_NAME), List.copyOf(role.inlinePolicies.keySet()));
        assertTrue(role.attachedPolicies.isEmpty());
        assertEquals("added-by-hand", fakeIam.lastCall("DeleteRolePolicy").get("PolicyName"));
    }

    @Test
    void remove_deletes_the_inline_policy_before_the_role() {
        identity.ensure(IsolationPolicy.derive(TENANT_A, NAMING));
        fakeIam.calls.clear();

        identity.remove(TENANT_A);

        assertEquals(List.of("ListRolePolicies", "DeleteRolePolicy", "ListAttachedRolePolicies", "DeleteRole"),
                fakeIam.actions());
        assertEquals(IamTenantIdentity.POLICY_NAME, fakeIam.lastCall("DeleteRolePolicy").get("PolicyName"));
        assertEquals(ROLE, fakeIam.lastCall("DeleteRole").get("RoleName"));
        assertTrue(fakeIam.roles.isEmpty());
    }

    @Test
    void removing_a_role_that_does_not_exist_succeeds() {
        identity.remove(TENANT_A);
        identity.remove(TENANT_A);

        assertEquals(List.of("ListRolePolicies", "ListRolePolicies"), fakeIam.actions());
    }
}
