package io.shelfwise.adapters.aws;

import static io.shelfwise.adapters.aws.Fixtures.ACCOUNT;
import static io.shelfwise.adapters.aws.Fixtures.BUCKET;
import static io.shelfwise.adapters.aws.Fixtures.NAMING;
import static io.shelfwise.adapters.aws.Fixtures.OIDC_PROVIDER;
import static io.shelfwise.adapters.aws.Fixtures.POOL_ROLE;
import static io.shelfwise.adapters.aws.Fixtures.TENANT_A;
import static io.shelfwise.adapters.aws.Fixtures.TENANT_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shelfwise.adapters.aws.IamPolicyEvaluator.Principal;
import io.shelfwise.isolation.Grant;
import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IamPolicyDocumentsTest {
    private static final String OBJECTS = "arn:aws:s3:::" + BUCKET + "/";
    private static final String BUCKET_ARN = "arn:aws:s3:::" + BUCKET;
    private static final String TABLES = "arn:aws:dynamodb:eu-west-1:" + ACCOUNT + ":table/";
    private static final Map<String, String> NO_CONTEXT = Map.of();

    private final IamPolicyDocuments documents = Fixtures.documents();
    private final IsolationPolicy policyA = IsolationPolicy.derive(TENANT_A, NAMING);
    private final String jsonA = documents.permissions(policyA);
    private final IamPolicyEvaluator iamA = IamPolicyEvaluator.parse(jsonA);

    @Test
    void tenant_a_may_read_write_and_delete_objects_under_its_own_prefix() {
        for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
            assertTrue(iamA.allows(action, OBJECTS + "tenant-a/models/v3/model.bin"), action);
            assertTrue(iamA.allows(action, OBJECTS + "tenant-a/x"), action);
        }
    }

    @Test
    void tenant_a_may_use_both_of_its_tables() {
        for (String table : List.of("shelfwise-tenant-a-rec-log", "shelfwise-tenant-a-events")) {
            for (String action : IsolationPolicy.TABLE_ACTIONS) {
                assertTrue(iamA.allows(action, TABLES + table), action + " on " + table);
            }
        }
    }

    @Test
    void tenant_a_may_list_the_bucket_only_under_its_own_prefix() {
        assertTrue(iamA.allows("s3:ListBucket", BUCKET_ARN, Map.of("s3:prefix", "tenant-a/")));
        assertTrue(iamA.allows("s3:ListBucket", BUCKET_ARN, Map.of("s3:prefix", "tenant-a/models/")));

        assertFalse(iamA.allows("s3:ListBucket", BUCKET_ARN, NO_CONTEXT), "no prefix lists the whole bucket");
        assertFalse(iamA.allows("s3:ListBucket", BUCKET_ARN, Map.of("s3:prefix", "")));
        assertFalse(iamA.allows("s3:ListBucket", BUCKET_ARN, Map.of("s3:prefix", "tenant-b/")));
        assertFalse(iamA.allows("s3:ListBucket", BUCKET_ARN, Map.of("s3:prefix", "tenant-a")),
                "without the slash the prefix also matches tenant-ab/");
        assertFalse(iamA.allows("s3:ListBucket", BUCKET_ARN + "-other", Map.of("s3:prefix", "tenant-a/")));
    }

    @Test
    void tenant_a_may_not_touch_tenant_b_objects_or_tables() {
        for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
            assertFalse(iamA.allows(action, OBJECTS + "tenant-b/models/v3/model.bin"), action);
        }
        for (String action : IsolationPolicy.TABLE_ACTIONS) {
            assertFalse(iamA.allows(action, TABLES + "shelfwise-tenant-b-rec-log"), action);
            assertFalse(iamA.allows(action, TABLES + "shelfwise-tenant-b-events"), action);
        }
    }

    @Test
    void objects_outside_every_tenant_prefix_are_denied() {
        assertFalse(iamA.allows("s3:GetObject", OBJECTS + "model.bin"), "bucket root");
        assertFalse(iamA.allows("s3:GetObject", OBJECTS + "tenant-a"), "the prefix name as an object");
        assertFalse(iamA.allows("s3:GetObject", OBJECTS + "tenant-ab/model.bin"), "a tenant whose id extends ours");
        assertFalse(iamA.allows("s3:GetObject", "arn:aws:s3:::other-bucket/tenant-a/model.bin"), "another bucket");
    }

    @Test
    void actions_the_policy_does_not_name_are_denied_even_on_the_tenants_own_resources() {
        assertFalse(iamA.allows("s3:DeleteBucket", BUCKET_ARN));
        assertFalse(iamA.allows("s3:PutBucketPolicy", BUCKET_ARN));
        assertFalse(iamA.allows("s3:GetObjectAcl", OBJECTS + "tenant-a/model.bin"));
        assertFalse(iamA.allows("dynamodb:DeleteTable", TABLES + "shelfwise-tenant-a-rec-log"));
        assertFalse(iamA.allows("dynamodb:Scan", TABLES + "shelfwise-tenant-a-rec-log"));
        assertFalse(iamA.allows("dynamodb:UpdateTable", TABLES + "shelfwise-tenant-a-events"));
        assertFalse(iamA.allows("iam:PassRole", "arn:aws:iam::" + ACCOUNT + ":role/shelfwise-tenant-tenant-a"));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String action : IsolationPolicy.ARTIFACT_ACTIONS) {
            cases.add(Arguments.of(true, action, OBJECTS + "tenant-a/m.bin", NO_CONTEXT));
            cases.add(Arguments.of(true, action, OBJECTS + "tenant-a/", NO_CONTEXT));
            cases.add(Arguments.of(false, action, OBJECTS + "tenant-b/m.bin", NO_CONTEXT));
            cases.add(Arguments.of(false, action, OBJECTS + "tenant-ab/m.bin", NO_CONTEXT));
            cases.add(Arguments.of(false, action, OBJECTS + "m.bin", NO_CONTEXT));
            cases.add(Arguments.of(false, action, BUCKET_ARN, NO_CONTEXT));
        }
        for (String action : IsolationPolicy.TABLE_ACTIONS) {
            cases.add(Arguments.of(true, action, TABLES + "shelfwise-tenant-a-rec-log", NO_CONTEXT));
            cases.add(Arguments.of(true, action, TABLES + "shelfwise-tenant-a-events", NO_CONTEXT));
            cases.add(Arguments.of(false, action, TABLES + "shelfwise-tenant-b-rec-log", NO_CONTEXT));
            cases.add(Arguments.of(false, action, TABLES + "shelfwise-tenant-a-rec-log-old", NO_CONTEXT));
            cases.add(Arguments.of(false, action, "arn:aws:dynamodb:us-east-1:" + ACCOUNT
                    + ":table/shelfwise-tenant-a-rec-log", NO_CONTEXT));
        }
        cases.add(Arguments.of(true, "s3:ListBucket", BUCKET_ARN, Map.of("s3:prefix", "tenant-a/")));
        cases.add(Arguments.of(true, "s3:ListBucket", BUCKET_ARN, Map.of("s3:prefix", "tenant-a/models/v")));
        cases.add(Arguments.of(false, "s3:ListBucket", BUCKET_ARN, Map.of("s3:prefix", "tenant-b/")));
        cases.add(Arguments.of(false, "s3:ListBucket", BUCKET_ARN, Map.of("s3:prefix", "tenant-a")));
        cases.add(Arguments.of(false, "s3:ListBucket", BUCKET_ARN, NO_CONTEXT));
        cases.add(Arguments.of(false, "s3:ListBucket", OBJECTS + "tenant-a/", Map.of("s3:prefix", "tenant-a/")));
        cases.add(Arguments.of(false, "s3:DeleteBucket", BUCKET_ARN, NO_CONTEXT));
        cases.add(Arguments.of(false, "dynamodb:Scan", TABLES + "shelfwise-tenant-a-rec-log", NO_CONTEXT));
        cases.add(Arguments.of(false, "dynamodb:DeleteTable", TABLES + "shelfwise-tenant-a-events", NO_CONTEXT));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} on {2} {3}")
    @MethodSource("cases")
    void iam_and_the_in_process_policy_decide_every_case_alike(boolean expected, String action, String resource,
                                                              Map<String, String> context) {
        assertEquals(expected, policyA.allows(action, resource, context), "in-process policy");
        assertEquals(expected, iamA.allows(action, resource, context), "rendered IAM policy");
    }

    @Test
    void every_resource_is_a_valid_arn_and_every_wildcard_follows_the_tenants_prefix() throws Exception {
        JsonNode statements = new ObjectMapper().readTree(jsonA).get("Statement");
        Pattern s3 = Pattern.compile("arn:aws:s3:::" + Pattern.quote(BUCKET) + "(/tenant-a/\\*)?");
        Pattern dynamo = Pattern.compile("arn:aws:dynamodb:eu-west-1:" + ACCOUNT
                + ":table/shelfwise-tenant-a-(rec-log|events)");
        int resources = 0;
        for (JsonNode statement : statements) {
            assertEquals("Allow", statement.get("Effect").asText());
            for (JsonNode resource : list(statement.get("Resource"))) {
                String arn = resource.asText();
                assertTrue(s3.matcher(arn).matches() || dynamo.matcher(arn).matches(), arn);
                resources++;
            }
            statement.path("Condition").properties().forEach(operator -> {
                assertEquals("StringLike", operator.getKey());
                operator.getValue().properties().forEach(c -> assertEquals("tenant-a/*", c.getValue().asText()));
            });
        }
        assertEquals(4, resources);
        assertEquals(policyA.grants().size(), statements.size(), "one statement per grant");
        assertFalse(jsonA.contains("tenant-b"));
        assertFalse(jsonA.contains("\"*\""), "no bare wildcard");
    }

    @Test
    void a_wildcard_that_is_not_anchored_in_the_tenants_prefix_is_refused() {
        IsolationPolicy bucketWide = new IsolationPolicy(TENANT_A, List.of(
                new Grant(Set.of("s3:GetObject"), Set.of(OBJECTS + "*"), Map.of())));
        IsolationPolicy otherTenant = new IsolationPolicy(TENANT_A, List.of(
                new Grant(Set.of("s3:GetObject"), Set.of(OBJECTS + "tenant-b/*"), Map.of())));
        IsolationPolicy listEverything = new IsolationPolicy(TENANT_A, List.of(
                new Grant(Set.of("s3:ListBucket"), Set.of(BUCKET_ARN), Map.of("s3:prefix", "*"))));
        IsolationPolicy questionMark = new IsolationPolicy(TENANT_A, List.of(
                new Grant(Set.of("s3:GetObject"), Set.of(OBJECTS + "tenant-?/x"), Map.of())));

        for (IsolationPolicy policy : List.of(bucketWide, otherTenant, listEverything, questionMark)) {
            assertThrows(IllegalArgumentException.class, () -> documents.permissions(policy), policy.toString());
        }
    }

    @Test
    void the_role_trusts_the_tenants_service_account_through_the_clusters_oidc_provider() {
        IamPolicyEvaluator trust = IamPolicyEvaluator.parse(documents.trust(TENANT_A));
        Principal cluster = new Principal("Federated", "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + OIDC_PROVIDER);
        Map<String, String> tenantA = Map.of(
                OIDC_PROVIDER + ":sub", "system:serviceaccount:shelfwise-tenant-a:tenant-tenant-a",
                OIDC_PROVIDER + ":aud", "sts.amazonaws.com");

        assertTrue(trust.allowsPrincipal(cluster, "sts:AssumeRoleWithWebIdentity", tenantA));

        assertFalse(trust.allowsPrincipal(cluster, "sts:AssumeRoleWithWebIdentity", Map.of(
                OIDC_PROVIDER + ":sub", "system:serviceaccount:shelfwise-tenant-b:tenant-tenant-b",
                OIDC_PROVIDER + ":aud", "sts.amazonaws.com")), "tenant-b's service account");
        assertFalse(trust.allowsPrincipal(cluster, "sts:AssumeRoleWithWebIdentity", Map.of(
                OIDC_PROVIDER + ":sub", "system:serviceaccount:shelfwise-tenant-a:default",
                OIDC_PROVIDER + ":aud", "sts.amazonaws.com")), "another account in tenant-a's namespace");
        assertFalse(trust.allowsPrincipal(cluster, "sts:AssumeRoleWithWebIdentity", Map.of(
                OIDC_PROVIDER + ":sub", "system:serviceaccount:shelfwise-tenant-a:tenant-tenant-a")), "no audience");
        assertFalse(trust.allowsPrincipal(new Principal("Federated",
                "arn:aws:iam::" + ACCOUNT + ":oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER"),
                "sts:AssumeRoleWithWebIdentity", tenantA), "another cluster");
        assertFalse(trust.allowsPrincipal(cluster, "sts:AssumeRole", tenantA), "plain AssumeRole by the cluster");
    }

    @Test
    void the_role_trusts_the_platforms_pool_role_to_assume_it_and_no_other_role() {
        IamPolicyEvaluator trust = IamPolicyEvaluator.parse(documents.trust(TENANT_A));

        assertTrue(trust.allowsPrincipal(new Principal("AWS", POOL_ROLE), "sts:AssumeRole", NO_CONTEXT));
        assertFalse(trust.allowsPrincipal(new Principal("AWS", "arn:aws:iam::" + ACCOUNT + ":role/shelfwise-tenant-tenant-b"),
                "sts:AssumeRole", NO_CONTEXT));
        assertFalse(trust.allowsPrincipal(new Principal("AWS", POOL_ROLE), "sts:AssumeRoleWithWebIdentity",
                NO_CONTEXT));
    }

    @Test
    void the_platform_configuration_is_checked_when_the_renderer_is_built() {
        assertThrows(IllegalArgumentException.class, () -> new IamPolicyDocuments(NAMING, "shelfwise-pool"));
        assertThrows(IllegalArgumentException.class, () -> new IamPolicyDocuments(NAMING, "arn:aws:iam::1:role/x"));
        PlatformNaming withScheme = new PlatformNaming("shelfwise", BUCKET, "eu-west-1", ACCOUNT,
                "https://" + OIDC_PROVIDER);
        assertThrows(IllegalArgumentException.class, () -> new IamPolicyDocuments(withScheme, POOL_ROLE));
    }

    /** IAM writes a one-element list as a bare string. */
    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> nodes = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(nodes::add);
        } else {
            nodes.add(node);
        }
        return nodes;
    }
}
