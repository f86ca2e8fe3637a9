package io.shelfwise.adapters.aws;

import static io.shelfwise.adapters.aws.Fixtures.BUCKET;
import static io.shelfwise.adapters.aws.Fixtures.NAMING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.common.PermissionDeniedException;
import io.shelfwise.isolation.Grant;
import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Against dynalite (DynamoDB API) and s3proxy (S3 API), both on loopback. */
class DynamoDbTenantDataStoresTest {
    private static final RecordingInterceptor SENT_TO_DYNAMODB = new RecordingInterceptor();
    private static final RecordingInterceptor SENT_TO_S3 = new RecordingInterceptor();

    private static Dynalite dynalite;
    private static LocalS3 localS3;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;
    private static DynamoDbTenantDataStores stores;

    @BeforeAll
    static void startServers() throws Exception {
        dynalite = Dynalite.start();
        localS3 = LocalS3.start(BUCKET);
        dynamoDb = dynalite.client(SENT_TO_DYNAMODB);
        s3 = localS3.client(SENT_TO_S3);
        stores = new DynamoDbTenantDataStores(dynamoDb, s3, Duration.ofMillis(50), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {dynamoDb, s3, dynalite, localS3}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        SENT_TO_DYNAMODB.clear();
        SENT_TO_S3.clear();
    }

    @Test
    void ensure_creates_the_tenants_two_tables_with_their_exact_names_and_keys_on_demand() {
        TenantId tenant = new TenantId("ds-create");

        stores.ensure(TenantScope.of(tenant, NAMING));

        TableDescription recLog = describe("shelfwise-ds-create-rec-log");
        assertEquals(TableStatus.ACTIVE, recLog.tableStatus());
        assertEquals(List.of(key("recommendationId", KeyType.HASH)), recLog.keySchema());
        assertEquals(BillingMode.PAY_PER_REQUEST, recLog.billingModeSummary().billingMode());
        TableDescription events = describe("shelfwise-ds-create-events");
        assertEquals(TableStatus.ACTIVE, events.tableStatus());
        assertEquals(List.of(key("shopperKey", KeyType.HASH), key("eventKey", KeyType.RANGE)), events.keySchema());
        assertEquals(BillingMode.PAY_PER_REQUEST, events.billingModeSummary().billingMode());
    }

    @Test
    void ensure_asks_for_ttl_on_expires_at_and_carries_on_where_the_server_has_no_ttl() {
        TenantId tenant = new TenantId("ds-ttl");

        stores.ensure(TenantScope.of(tenant, NAMING));

        List<UpdateTimeToLiveRequest> ttl = SENT_TO_DYNAMODB.sent(UpdateTimeToLiveRequest.class);
        assertEquals(List.of("shelfwise-ds-ttl-rec-log", "shelfwise-ds-ttl-events"),
                ttl.stream().map(UpdateTimeToLiveRequest::tableName).toList());
        assertTrue(ttl.stream().allMatch(r -> r.timeToLiveSpecification().enabled()
                && r.timeToLiveSpecification().attributeName().equals("expiresAt")));
    }

    @Test
    void ensure_run_again_keeps_the_tables_and_succeeds() {
        TenantScope scope = TenantScope.of(new TenantId("ds-again"), NAMING);
        stores.ensure(scope);
        dynamoDb.putItem(r -> r.tableName("shelfwise-ds-again-rec-log").item(Map.of("recommendationId",
                AttributeValue.fromS("kept"))));

        stores.ensure(scope);

        assertEquals(1, dynamoDb.scan(r -> r.tableName("shelfwise-ds-again-rec-log")).count());
    }

    @Test
    void remove_deletes_both_tables_and_every_artifact_under_the_tenants_prefix_and_nothing_else() {
        TenantScope scope = TenantScope.of(new TenantId("ds-remove"), NAMING);
        stores.ensure(scope);
        stores.ensure(TenantScope.of(new TenantId("ds-neighbour"), NAMING));
        for (String key : List.of("ds-remove/models/v1/model.bin", "ds-remove/models/v2/model.bin", "ds-remove/x",
                "ds-remove-2/model.bin", "ds-neighbour/model.bin")) {
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("bytes"));
        }

        stores.remove(scope);

        List<String> tables = dynamoDb.listTables().tableNames();
        assertFalse(tables.contains("shelfwise-ds-remove-rec-log"));
        assertFalse(tables.contains("shelfwise-ds-remove-events"));
        assertTrue(tables.containsAll(List.of("shelfwise-ds-neighbour-rec-log", "shelfwise-ds-neighbour-events")));
        List<String> keys = s3.listObjectsV2(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
        assertTrue(keys.stream().noneMatch(k -> k.startsWith("ds-remove/")), keys.toString());
        assertTrue(keys.containsAll(List.of("ds-remove-2/model.bin", "ds-neighbour/model.bin")), keys.toString());
    }

    @Test
    void remove_of_a_tenant_that_has_nothing_left_succeeds() {
        TenantScope scope = TenantScope.of(new TenantId("ds-gone"), NAMING);
        stores.ensure(scope);
        stores.remove(scope);

        stores.remove(scope);

        assertFalse(dynamoDb.listTables().tableNames().contains("shelfwise-ds-gone-rec-log"));
    }

    @Test
    void ensure_then_remove_then_ensure_again_recreates_the_tables() {
        TenantScope scope = TenantScope.of(new TenantId("ds-cycle"), NAMING);
        stores.ensure(scope);
        stores.remove(scope);

        stores.ensure(scope);

        assertEquals(TableStatus.ACTIVE, describe("shelfwise-ds-cycle-rec-log").tableStatus());
        assertEquals(TableStatus.ACTIVE, describe("shelfwise-ds-cycle-events").tableStatus());
    }

    @Test
    void a_scope_that_does_not_own_every_table_creates_and_deletes_nothing() {
        TenantId tenant = new TenantId("ds-narrow");
        // A policy that owns the rec-log but not the events table: the adapter must refuse before its first request.
        TenantScope narrow = new TenantScope(new IsolationPolicy(tenant, List.of(new Grant(
                Set.of("dynamodb:DescribeTable"), Set.of(NAMING.tableArn(NAMING.recommendationLogTable(tenant))),
                Map.of()))), NAMING);

        assertThrows(PermissionDeniedException.class, () -> stores.ensure(narrow));
        assertThrows(PermissionDeniedException.class, () -> stores.remove(narrow));

        assertEquals(List.of(), SENT_TO_DYNAMODB.sent(CreateTableRequest.class));
        assertEquals(List.of(), SENT_TO_DYNAMODB.sent(DeleteTableRequest.class));
        assertEquals(List.of(), SENT_TO_S3.all());
        assertFalse(dynamoDb.listTables().tableNames().contains("shelfwise-ds-narrow-rec-log"));
    }

    private static TableDescription describe(String table) {
        return dynamoDb.describeTable(r -> r.tableName(table)).table();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
