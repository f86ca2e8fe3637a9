package io.shelfwise.adapters.aws;

import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.provisioning.port.out.TenantDataStores;
import io.shelfwise.tenancy.TenantId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The tenant's DynamoDB tables and S3 artifact prefix. Tables are on-demand, with TTL on {@code expiresAt}:
 * <ul>
 *   <li>{@code <prefix>-<tenant>-rec-log}: hash key {@code recommendationId} (S), see {@link DynamoDbRecommendationLog};</li>
 *   <li>{@code <prefix>-<tenant>-events}: hash key {@code shopperKey} (S), range key {@code eventKey} (S), so one
 *       query reads a shopper's events in key order (an event key that starts with the event time reads them in
 *       time order).</li>
 * </ul>
 *
 * <p>Creating and deleting tables is the platform's control-plane work, so these clients run as the platform, not
 * as the tenant. Each resource is still checked against the tenant's scope first (all of them before the first
 * request), so a scope that does not own a resource changes nothing.
 */
public final class DynamoDbTenantDataStores implements TenantDataStores {
    static final String SHOPPER_KEY = "shopperKey";
    static final String EVENT_KEY = "eventKey";

    /**
     * The tenant's policy grants no table lifecycle action (those belong to the platform), so ownership of a table
     * is proven by an action the policy grants only on the tenant's own tables.
     */
    private static final String OWNS_TABLE = "dynamodb:DescribeTable";
    private static final String UNKNOWN_OPERATION = "UnknownOperationException";
    private static final System.Logger LOG = System.getLogger(DynamoDbTenantDataStores.class.getName());

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final DynamoDbWaiter waiter;

    /**
     * @param pollInterval how often to poll a table being created or deleted (the SDK's default is 20 s)
     * @param maxWait      how long to wait for a table to become active or gone before failing
     */
    public DynamoDbTenantDataStores(DynamoDbClient dynamoDb, S3Client s3, Duration pollInterval, Duration maxWait) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (pollInterval.isNegative() || pollInterval.isZero() || maxWait.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("need 0 < pollInterval <= maxWait, got " + pollInterval + ", " + maxWait);
        }
        this.waiter = DynamoDbWaiter.builder()
                .client(dynamoDb)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(pollInterval))
                        .maxAttempts((int) Math.min(Integer.MAX_VALUE, maxWait.toMillis() / pollInterval.toMillis() + 1))
                        .waitTimeout(maxWait)
                        .build())
                .build();
    }

    @Override
    public void ensure(TenantScope scope) {
        List<TableSpec> tables = tables(scope);
        for (TableSpec table : tables) {
            create(scope.tenant(), table);
        }
        for (TableSpec table : tables) {
            // Throws once maxWait has passed without the table becoming ACTIVE.
            waiter.waitUntilTableExists(r -> r.tableName(table.name()));
            enableTimeToLive(scope.tenant(), table.name());
        }
    }

    @Override
    public void remove(TenantScope scope) {
        List<TableSpec> tables = tables(scope);
        PlatformNaming naming = scope.naming();
        String prefix = naming.artifactPrefix(scope.tenant());
        scope.require("s3:ListBucket", naming.bucketArn(), Map.of("s3:prefix", prefix));
        for (TableSpec table : tables) {
            try {
                dynamoDb.deleteTable(r -> r.tableName(table.name()));
                LOG.log(Level.INFO, "event=tenant_table_deleted tenant=" + scope.tenant() + " table=" + table.name());
            } catch (ResourceNotFoundException alreadyGone) {
                LOG.log(Level.DEBUG, () -> "event=tenant_table_absent tenant=" + scope.tenant() + " table="
                        + table.name());
            }
        }
        // Waiting lets a later ensure (offboard, then onboard again) create the tables afresh.
        for (TableSpec table : tables) {
            waiter.waitUntilTableNotExists(r -> r.tableName(table.name()));
        }
        deleteArtifacts(scope, naming.artifactBucket(), prefix);
    }

    private static List<TableSpec> tables(TenantScope scope) {
        TenantId tenant = scope.tenant();
        PlatformNaming naming = scope.naming();
        return List.of(
                new TableSpec(scope.table(OWNS_TABLE, naming.recommendationLogTable(tenant)),
                        DynamoDbRecommendationLog.ID, null),
                new TableSpec(scope.table(OWNS_TABLE, naming.eventTable(tenant)), SHOPPER_KEY, EVENT_KEY));
    }

    private void create(TenantId tenant, TableSpec table) {
        try {
            dynamoDb.createTable(r -> r.tableName(table.name())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(table.keySchema())
                    .attributeDefinitions(table.attributes())
                    .tags(Tag.builder().key(IamTenantIdentity.TENANT_TAG).value(tenant.value()).build()));
            LOG.log(Level.INFO, "event=tenant_table_created tenant=" + tenant + " table=" + table.name());
        } catch (ResourceInUseException exists) {
            LOG.log(Level.DEBUG, () -> "event=tenant_table_exists tenant=" + tenant + " table=" + table.name());
        }
    }

    private void enableTimeToLive(TenantId tenant, String table) {
        try {
            TimeToLiveStatus status = dynamoDb.describeTimeToLive(r -> r.tableName(table))
                    .timeToLiveDescription().timeToLiveStatus();
            if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
                return;
            }
            dynamoDb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(
                    s -> s.enabled(true).attributeName(DynamoDbRecommendationLog.EXPIRES_AT)));
        } catch (DynamoDbException e) {
            // Local DynamoDB implementations (dynalite) have no TTL; items then simply stay.
            if (e.awsErrorDetails() == null || !UNKNOWN_OPERATION.equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            LOG.log(Level.WARNING, "event=ttl_unsupported tenant=" + tenant + " table=" + table);
        }
    }

    private void deleteArtifacts(TenantScope scope, String bucket, String prefix) {
        int deleted = 0;
        for (var page : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))) {
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(S3Object::key)
                    .map(key -> ObjectIdentifier.builder().key(scope.artifactKey("s3:DeleteObject", key)).build())
                    .toList();
            if (keys.isEmpty()) {
                continue;
            }
            // A listing page holds at most 1000 keys, the most one DeleteObjects accepts.
            DeleteObjectsResponse response = s3.deleteObjects(r -> r.bucket(bucket)
                    .delete(d -> d.objects(keys).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                var first = response.errors().getFirst();
                throw new IllegalStateException(response.errors().size() + " artifacts of tenant " + scope.tenant()
                        + " were not deleted, first " + first.key() + ": " + first.code());
            }
            deleted += keys.size();
        }
        int count = deleted;
        LOG.log(Level.INFO, () -> "event=tenant_artifacts_deleted tenant=" + scope.tenant() + " count=" + count);
    }

    /** A tenant table: its name, already checked against the tenant's scope, and its key. */
    private record TableSpec(String name, String hashKey, String rangeKey) {
        List<KeySchemaElement> keySchema() {
            KeySchemaElement hash = KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build();
            return rangeKey == null ? List.of(hash) : List.of(hash,
                    KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build());
        }

        List<AttributeDefinition> attributes() {
            AttributeDefinition hash = AttributeDefinition.builder().attributeName(hashKey)
                    .attributeType(ScalarAttributeType.S).build();
            return rangeKey == null ? List.of(hash) : List.of(hash, AttributeDefinition.builder()
                    .attributeName(rangeKey).attributeType(ScalarAttributeType.S).build());
        }
    }
}
