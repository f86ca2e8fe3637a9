package io.shelfwise.adapters.aws;

import static io.shelfwise.adapters.aws.Fixtures.NAMING;
import static io.shelfwise.adapters.aws.Fixtures.TENANT_A;
import static io.shelfwise.adapters.aws.Fixtures.TENANT_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.common.PermissionDeniedException;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Against dynalite, a DynamoDB API server on loopback. */
class DynamoDbRecommendationLogTest {
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Instant SERVED = Instant.parse("2026-03-01T10:15:30.123Z");

    private static Dynalite dynalite;
    private static DynamoDbClient dynamoDb;
    private static final RecordingInterceptor SENT = new RecordingInterceptor();

    private final List<TenantId> clientsAskedFor = new CopyOnWriteArrayList<>();
    private final DynamoDbRecommendationLog log = new DynamoDbRecommendationLog(tenant -> {
        clientsAskedFor.add(tenant);
        return dynamoDb;
    }, NAMING, RETENTION);

    @BeforeAll
    static void startDynalite() throws Exception {
        dynalite = Dynalite.start();
        dynamoDb = dynalite.client(SENT);
        for (TenantId tenant : List.of(TENANT_A, TENANT_B)) {
            String table = NAMING.recommendationLogTable(tenant);
            dynamoDb.createTable(r -> r.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("recommendationId").keyType(KeyType.HASH)
                            .build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("recommendationId")
                            .attributeType(ScalarAttributeType.S).build()));
            try (var waiter = dynamoDb.waiter()) {
                waiter.waitUntilTableExists(r -> r.tableName(table),
                        w -> w.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(50)))
                                .maxAttempts(200));
            }
        }
    }

    @AfterAll
    static void stopDynalite() throws Exception {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        SENT.clear();
    }

    @Test
    void an_appended_entry_is_found_by_its_id_with_all_its_fields() {
        RecommendationLogEntry entry = new RecommendationLogEntry("rec-1", "home", "shopper-7",
                List.of("sku-3", "sku-1", "sku-2"), SERVED);

        log.append(TENANT_A, entry);

        assertEquals(entry, log.find(TENANT_A, "rec-1").orElseThrow());
    }

    @Test
    void an_anonymous_entry_with_no_items_round_trips() {
        RecommendationLogEntry entry = new RecommendationLogEntry("rec-anon", "cart", null, List.of(), SERVED);

        log.append(TENANT_A, entry);

        assertEquals(entry, log.find(TENANT_A, "rec-anon").orElseThrow());
    }

    @Test
    void an_unknown_id_is_not_found() {
        assertTrue(log.find(TENANT_A, "never-served").isEmpty());
    }

    @Test
    void the_item_keeps_served_at_as_iso_text_and_expires_at_as_epoch_seconds_for_ttl() {
        log.append(TENANT_A, new RecommendationLogEntry("rec-ttl", "similar", "u", List.of("a"), SERVED));

        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName("shelfwise-tenant-a-rec-log")
                .key(Map.of("recommendationId", AttributeValue.fromS("rec-ttl")))).item();
        assertEquals("2026-03-01T10:15:30.123Z", item.get("servedAt").s());
        assertEquals(Long.toString(SERVED.plus(RETENTION).getEpochSecond()), item.get("expiresAt").n());
        assertEquals(List.of("a"), item.get("itemIds").l().stream().map(AttributeValue::s).toList());
    }

    @Test
    void an_entry_lands_in_its_tenants_table_only() {
        log.append(TENANT_A, new RecommendationLogEntry("rec-a-only", "home", "u", List.of("x"), SERVED));

        assertTrue(log.find(TENANT_A, "rec-a-only").isPresent());
        assertTrue(log.find(TENANT_B, "rec-a-only").isEmpty());
        assertFalse(dynamoDb.getItem(r -> r.tableName("shelfwise-tenant-b-rec-log")
                .key(Map.of("recommendationId", AttributeValue.fromS("rec-a-only")))).hasItem());
    }

    @Test
    void each_call_uses_the_client_of_the_tenant_it_is_for() {
        log.append(TENANT_B, new RecommendationLogEntry("rec-b", "home", "u", List.of("x"), SERVED));
        log.find(TENANT_A, "rec-b");

        assertEquals(List.of(TENANT_B, TENANT_A), clientsAskedFor);
    }

    @Test
    void a_scope_of_tenant_a_refuses_tenant_bs_table_before_any_request_is_sent() {
        TenantScope scopeA = TenantScope.of(TENANT_A, NAMING);
        String tableB = NAMING.recommendationLogTable(TENANT_B);
        RecommendationLogEntry entry = new RecommendationLogEntry("rec-crossing", "home", "u", List.of("x"), SERVED);

        assertThrows(PermissionDeniedException.class, () -> log.append(scopeA, tableB, entry));
        assertThrows(PermissionDeniedException.class, () -> log.find(scopeA, tableB, "rec-b"));

        assertEquals(List.of(), SENT.all(), "nothing reached DynamoDB");
        assertTrue(clientsAskedFor.isEmpty(), "no client was even picked");
        assertTrue(log.find(TENANT_B, "rec-crossing").isEmpty());
    }

    @Test
    void a_scope_refuses_a_table_of_the_right_tenant_under_another_prefix() {
        TenantScope scopeA = TenantScope.of(TENANT_A, NAMING);

        assertThrows(PermissionDeniedException.class, () -> log.append(scopeA, "legacy-tenant-a-rec-log",
                new RecommendationLogEntry("rec-legacy", "home", "u", List.of(), SERVED)));
        assertEquals(List.of(), SENT.all());
    }
}
