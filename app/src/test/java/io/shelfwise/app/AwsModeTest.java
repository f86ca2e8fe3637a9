package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;
import io.shelfwise.adapters.aws.Dynalite;
import io.shelfwise.adapters.aws.FakeIam;
import io.shelfwise.adapters.aws.Fixtures;
import io.shelfwise.adapters.aws.IamPolicyEvaluator;
import io.shelfwise.adapters.aws.IamTenantIdentity;
import io.shelfwise.adapters.aws.LocalS3;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.tenancy.TenantId;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The real platform with {@code Settings.Cloud.AWS}, its endpoints pointed by the {@code SHELFWISE_*_ENDPOINT}
 * variables at local protocol servers on loopback: dynalite (DynamoDB), s3proxy (S3), and a fake IAM that also
 * answers STS's AssumeRole. Driven over real HTTP, checked in those servers.
 *
 * <p>The platform's clients sign with dummy keys that the SDK's default credentials chain takes from system
 * properties (the first place it looks), so nothing is read from the environment, a profile or an instance role;
 * {@link AwsRequestGuard} refuses any request to a host that is not loopback.
 */
class AwsModeTest {
    private static final String OP = TestPlatform.OPERATOR;
    private static final PlatformNaming NAMING = Settings.from(Config.empty(), Map.of()).naming();
    private static final String POOL_ROLE = "arn:aws:iam::" + NAMING.accountId() + ":role/shelfwise-pool";
    private static final String OBJECTS = NAMING.bucketArn() + "/";
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final String EXPORTS = "store-exports";
    /** What the SDK's default chain reads first; s3proxy accepts only these keys. */
    private static final Map<String, String> AWS_PROPERTIES = Map.of(
            "aws.accessKeyId", Fixtures.ACCESS_KEY,
            "aws.secretAccessKey", Fixtures.SECRET_KEY,
            "aws.region", NAMING.region(),
            "aws.disableEc2Metadata", "true");
    /** Removed while the platform runs, so the dummy keys are not taken for a session's. */
    private static final List<String> CLEARED_PROPERTIES = List.of("aws.sessionToken");

    private static final Map<String, String> savedProperties = new HashMap<>();
    private static final FakeIam fakeIam = new FakeIam();
    private static MockWebServer iamAndSts;
    private static Dynalite dynalite;
    private static LocalS3 localS3;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;
    private static TestPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        for (String name : concat(AWS_PROPERTIES.keySet(), CLEARED_PROPERTIES)) {
            savedProperties.put(name, System.getProperty(name));
            System.clearProperty(name);
        }
        AWS_PROPERTIES.forEach(System::setProperty);
        AwsRequestGuard.clear();

        iamAndSts = new MockWebServer();
        iamAndSts.setDispatcher(fakeIam);
        iamAndSts.start(InetAddress.getLoopbackAddress(), 0);
        dynalite = Dynalite.start();
        localS3 = LocalS3.start(NAMING.artifactBucket(), EXPORTS);
        dynamoDb = dynalite.client();
        s3 = localS3.client();

        String fake = "http://127.0.0.1:" + iamAndSts.getPort();
        platform = TestPlatform.withCloud(Settings.Cloud.AWS, Map.of(
                "SHELFWISE_POOL_ROLE_ARN", POOL_ROLE,
                "SHELFWISE_IAM_ENDPOINT", fake,
                "SHELFWISE_STS_ENDPOINT", fake,
                "SHELFWISE_DYNAMODB_ENDPOINT", dynalite.endpoint().toString(),
                "SHELFWISE_S3_ENDPOINT", localS3.endpoint().toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            closeAll(platform, dynamoDb, s3, dynalite, localS3, iamAndSts);
        } finally {
            savedProperties.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    /** Every request went to the local server of its service; none was refused for leaving loopback. */
    @AfterEach
    void everyRequestStayedOnItsLocalServer() {
        assertEquals(List.of(), AwsRequestGuard.refused());
        Map<String, Integer> ports = Map.of("iam", iamAndSts.getPort(), "sts", iamAndSts.getPort(),
                "dynamodb", dynalite.endpoint().getPort(), "s3", localS3.endpoint().getPort());
        for (AwsRequestGuard.Sent sent : AwsRequestGuard.sent()) {
            assertEquals("127.0.0.1", sent.uri().getHost(), sent.toString());
            assertEquals(ports.get(sent.service().toLowerCase(Locale.ROOT)), sent.uri().getPort(),
                    sent.service() + " " + sent.operation() + " went to " + sent.uri());
        }
    }

    @Test
    void a_store_onboards_from_an_s3_prefix_in_aws_mode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // s3proxy answers 501 to requests signed with a tenant's session credentials, so the training that follows
        // the import cannot store its run here (S3ModelArtifactsTest covers those writes with plain credentials);
        // what this test proves is the S3 data source read through the AWS edge, up to the imported rows.
        OnboardingTest.writeRetailRocket(dir, java.time.Instant.now().minus(Duration.ofDays(20)));
        for (String file : List.of("events.csv", "item_properties_part1.csv")) {
            s3.putObject(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket(EXPORTS)
                    .key("s3-shop/2026-12/" + file).build(),
                    software.amazon.awssdk.core.sync.RequestBody.fromFile(dir.resolve(file)));
        }
        String id = platform.send("POST", "/admin/v1/onboardings", OP, "{\"tenantId\":\"s3-shop\",\"displayName\":"
                + "\"S3 Shop\",\"tier\":\"standard\",\"dataLocation\":\"s3://" + EXPORTS + "/s3-shop/2026-12\"}")
                .json().get("id").asText();
        JsonNode run = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            run = platform.send("GET", "/admin/v1/onboardings/" + id, OP, null).json();
            if (!run.get("state").asText().equals("running")) {
                break;
            }
            Thread.sleep(100);
        }
        for (JsonNode step : run.get("steps")) {
            if (step.get("step").asText().startsWith("import-")) {
                assertEquals("done", step.get("state").asText(), step.toString());
            }
            if (step.get("step").asText().equals("import-events")) {
                assertTrue(step.get("output").asText().contains("events: 600 rows imported, 0 refused"),
                        step.toString());
            }
            if (step.get("step").asText().equals("import-catalog")) {
                assertTrue(step.get("output").asText().contains("catalog: 40 rows imported, 0 refused"),
                        step.toString());
            }
        }
    }

    @Test
    void onboarding_creates_exactly_the_tenants_tables_and_its_role_with_a_policy_for_its_resources_only() {
        Set<String> before = tables();

        platform.tenantWithKey("north", "standard");

        Set<String> created = new TreeSet<>(tables());
        created.removeAll(before);
        assertEquals(Set.of("shelfwise-north-events", "shelfwise-north-rec-log"), created);
        for (String table : created) {
            assertEquals(TableStatus.ACTIVE, dynamoDb.describeTable(r -> r.tableName(table)).table().tableStatus());
        }
        assertEquals("recommendationId", dynamoDb.describeTable(r -> r.tableName("shelfwise-north-rec-log")).table()
                .keySchema().getFirst().attributeName());

        FakeIam.Role role = role("shelfwise-tenant-north");
        assertNotNull(role, "no role for tenant north in IAM: " + roleNames());
        assertEquals(Map.of("shelfwise:tenant", "north", "shelfwise:managed-by", "shelfwise"), role.tags);
        assertEquals(Set.of(IamTenantIdentity.POLICY_NAME), role.inlinePolicies.keySet());
        assertTrue(role.attachedPolicies.isEmpty());
        assertEquals(role.inlinePolicies.get(IamTenantIdentity.POLICY_NAME),
                lastCall("PutRolePolicy", "RoleName", "shelfwise-tenant-north").get("PolicyDocument"));

        IamPolicyEvaluator policy = IamPolicyEvaluator.parse(role.inlinePolicies.get(IamTenantIdentity.POLICY_NAME));
        assertAllowsOnlyItsOwn(policy, "north", "northwind");
        assertFalse(policy.allows("dynamodb:DeleteTable", table("shelfwise-north-rec-log")),
                "table lifecycle is the platform's, not the tenant's");
        IamPolicyEvaluator trust = IamPolicyEvaluator.parse(role.trust);
        assertTrue(trust.allowsPrincipal(new IamPolicyEvaluator.Principal("AWS", POOL_ROLE), "sts:AssumeRole",
                Map.of()), "the pool role may take tenant-scoped sessions");
        assertFalse(trust.allowsPrincipal(new IamPolicyEvaluator.Principal("AWS",
                "arn:aws:iam::" + NAMING.accountId() + ":role/other"), "sts:AssumeRole", Map.of()));
    }

    @Test
    void a_popular_list_is_logged_in_the_tenants_rec_log_table_under_its_id_with_the_tenants_own_session() {
        String key = platform.tenantWithKey("east", "standard");
        putItems(key, "east-1", "east-2");

        TestPlatform.Reply reply = platform.send("GET", "/v1/recommendations/popular?limit=5", key, null);

        assertEquals(200, reply.status(), reply.body());
        String id = reply.json().get("recommendationId").asText();
        List<String> served = ids(reply.json().get("items"));
        assertEquals(Set.of("east-1", "east-2"), Set.copyOf(served));
        Map<String, AttributeValue> entry = awaitLogged("shelfwise-east-rec-log", id);
        assertEquals(id, entry.get("recommendationId").s());
        assertEquals("popular", entry.get("surface").s());
        assertEquals(served, entry.get("itemIds").l().stream().map(AttributeValue::s).toList());
        Instant servedAt = Instant.parse(entry.get("servedAt").s());
        assertTrue(Long.parseLong(entry.get("expiresAt").n()) > servedAt.getEpochSecond(), entry.toString());

        // Written through the tenant's client: signed with a session of the tenant's role, narrowed to its policy.
        AwsRequestGuard.Sent put = AwsRequestGuard.sent().stream()
                .filter(s -> s.request() instanceof PutItemRequest p && p.tableName().equals("shelfwise-east-rec-log"))
                .findFirst().orElseThrow();
        assertEquals("shelfwise-tenant-east", fakeIam.sessions.get(put.accessKeyId()),
                "signed by " + put.accessKeyId() + ", sessions " + fakeIam.sessions);
        Map<String, String> assume = lastCall("AssumeRole", "RoleArn", NAMING.roleArn(new TenantId("east")));
        assertAllowsOnlyItsOwn(IamPolicyEvaluator.parse(assume.get("Policy")), "east", "eastside");
    }

    @Test
    void offboarding_deletes_the_tenants_tables_artifacts_and_role_and_leaves_another_tenants_untouched() {
        String leavingKey = platform.tenantWithKey("west", "standard");
        String stayingKey = platform.tenantWithKey("west-end", "standard");
        putItems(leavingKey, "w-1");
        putItems(stayingKey, "we-1");
        String leavingEntry = popularId(leavingKey);
        String stayingEntry = popularId(stayingKey);
        awaitLogged("shelfwise-west-rec-log", leavingEntry);
        awaitLogged("shelfwise-west-end-rec-log", stayingEntry);
        s3.putObject(r -> r.bucket(NAMING.artifactBucket()).key("west/models/v1/model.bin"),
                RequestBody.fromString("leaving"));
        s3.putObject(r -> r.bucket(NAMING.artifactBucket()).key("west-end/models/v1/model.bin"),
                RequestBody.fromString("staying"));
        FakeIam.Role stayingRoleBefore = role("shelfwise-tenant-west-end");
        Map<String, String> stayingPolicyBefore = new TreeMap<>(stayingRoleBefore.inlinePolicies);

        TestPlatform.Reply gone = platform.send("PATCH", "/admin/v1/tenants/west", OP, "{\"state\":\"offboarded\"}");

        assertEquals(200, gone.status(), gone.body());
        assertEquals("offboarded", gone.json().get("state").asText());
        Set<String> tables = tables();
        assertFalse(tables.contains("shelfwise-west-rec-log"), tables.toString());
        assertFalse(tables.contains("shelfwise-west-events"), tables.toString());
        assertNull(role("shelfwise-tenant-west"), "the role is deleted: " + roleNames());
        assertEquals(List.of("west-end/models/v1/model.bin"), artifacts());

        // The other tenant: tables, log entry, role and policy as they were, and it keeps being served.
        assertTrue(tables.containsAll(Set.of("shelfwise-west-end-rec-log", "shelfwise-west-end-events")),
                tables.toString());
        assertEquals(Set.of("shelfwise-west-rec-log", "shelfwise-west-events"), AwsRequestGuard.sent().stream()
                .filter(s -> s.request() instanceof DeleteTableRequest)
                .map(s -> ((DeleteTableRequest) s.request()).tableName()).collect(Collectors.toSet()));
        assertEquals(stayingEntry, awaitLogged("shelfwise-west-end-rec-log", stayingEntry).get("recommendationId").s());
        FakeIam.Role stayingRole = role("shelfwise-tenant-west-end");
        assertNotNull(stayingRole, "the other tenant's role is kept: " + roleNames());
        assertEquals(stayingPolicyBefore, stayingRole.inlinePolicies);
        assertTrue(fakeIam.calls.stream().filter(c -> c.get("Action").startsWith("Delete"))
                .allMatch(c -> c.get("RoleName").equals("shelfwise-tenant-west")), fakeIam.actions().toString());
        assertEquals(403, platform.send("GET", "/v1/recommendations/popular", leavingKey, null).status());
        awaitLogged("shelfwise-west-end-rec-log", popularId(stayingKey));
    }

    private static void assertAllowsOnlyItsOwn(IamPolicyEvaluator policy, String tenant, String neighbour) {
        for (String action : List.of("dynamodb:PutItem", "dynamodb:GetItem")) {
            assertTrue(policy.allows(action, table("shelfwise-" + tenant + "-rec-log")), action);
            assertTrue(policy.allows(action, table("shelfwise-" + tenant + "-events")), action);
            assertFalse(policy.allows(action, table("shelfwise-" + neighbour + "-rec-log")), action);
            assertFalse(policy.allows(action, table("shelfwise-" + neighbour + "-events")), action);
        }
        assertTrue(policy.allows("s3:GetObject", OBJECTS + tenant + "/models/v1/model.bin"));
        assertFalse(policy.allows("s3:GetObject", OBJECTS + neighbour + "/models/v1/model.bin"));
        assertTrue(policy.allows("s3:ListBucket", NAMING.bucketArn(), Map.of("s3:prefix", tenant + "/models/")));
        assertFalse(policy.allows("s3:ListBucket", NAMING.bucketArn(), Map.of("s3:prefix", neighbour + "/")));
        assertFalse(policy.allows("s3:ListBucket", NAMING.bucketArn(), Map.of("s3:prefix", "")));
    }

    private static String table(String name) {
        return NAMING.tableArn(name);
    }

    private static Set<String> tables() {
        return new TreeSet<>(dynamoDb.listTablesPaginator().tableNames().stream().toList());
    }

    private static List<String> artifacts() {
        return s3.listObjectsV2Paginator(r -> r.bucket(NAMING.artifactBucket())).contents().stream()
                .map(S3Object::key).toList();
    }

    private static FakeIam.Role role(String name) {
        synchronized (fakeIam) {
            FakeIam.Role role = fakeIam.roles.get(name);
            if (role == null) {
                return null;
            }
            FakeIam.Role copy = new FakeIam.Role();
            copy.trust = role.trust;
            copy.tags.putAll(role.tags);
            copy.inlinePolicies.putAll(role.inlinePolicies);
            copy.attachedPolicies.addAll(role.attachedPolicies);
            return copy;
        }
    }

    private static Set<String> roleNames() {
        synchronized (fakeIam) {
            return new TreeSet<>(fakeIam.roles.keySet());
        }
    }

    private static Map<String, String> lastCall(String action, String parameter, String value) {
        return fakeIam.calls.reversed().stream()
                .filter(c -> action.equals(c.get("Action")) && value.equals(c.get(parameter)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + action + " with " + parameter + "=" + value
                        + " among " + fakeIam.actions()));
    }

    private static void putItems(String key, String... ids) {
        String items = java.util.Arrays.stream(ids)
                .map(id -> "{\"id\":\"" + id + "\",\"title\":\"Item " + id + "\",\"inStock\":true}")
                .collect(Collectors.joining(","));
        TestPlatform.Reply reply = platform.send("PUT", "/v1/items", key, "{\"items\":[" + items + "]}");
        assertTrue(reply.status() / 100 == 2, reply.toString());
    }

    private static String popularId(String key) {
        TestPlatform.Reply reply = platform.send("GET", "/v1/recommendations/popular", key, null);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().get("recommendationId").asText();
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new java.util.ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    /** The entry is written in the background after the answer: poll for it, up to {@link #LOG_WAIT}. */
    private static Map<String, AttributeValue> awaitLogged(String table, String recommendationId) {
        long deadline = System.nanoTime() + LOG_WAIT.toNanos();
        while (true) {
            var found = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of("recommendationId", AttributeValue.fromS(recommendationId))));
            if (found.hasItem() && !found.item().isEmpty()) {
                return found.item();
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no entry " + recommendationId + " in " + table + " within " + LOG_WAIT);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static Set<String> concat(Set<String> a, List<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
