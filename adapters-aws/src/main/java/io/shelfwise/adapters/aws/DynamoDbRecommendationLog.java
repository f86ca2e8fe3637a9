package io.shelfwise.adapters.aws;

import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.recommendation.RecommendationLogEntry;
import io.shelfwise.recommendation.port.out.RecommendationLog;
import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tenant's recommendation log in its own DynamoDB table {@code <prefix>-<tenant>-rec-log}, keyed by
 * {@code recommendationId}. Items carry {@code expiresAt} (epoch seconds) for DynamoDB's TTL to drop them after
 * the retention period.
 */
public final class DynamoDbRecommendationLog implements RecommendationLog {
    static final String ID = "recommendationId";
    static final String SURFACE = "surface";
    static final String USER = "userId";
    static final String ITEMS = "itemIds";
    static final String SERVED_AT = "servedAt";
    /** Epoch seconds after which DynamoDB's TTL may delete the item; the TTL attribute of every tenant table. */
    static final String EXPIRES_AT = "expiresAt";

    private final Function<TenantId, DynamoDbClient> clients;
    private final PlatformNaming naming;
    private final Duration retention;

    /**
     * @param clients   the DynamoDB client to use for each tenant: one signing with the tenant's scoped credentials
     *                  (see {@link StsTenantCredentials}, {@link TenantClients}), or one shared client
     * @param retention how long an entry is kept after it was served (attribution window plus margin)
     */
    public DynamoDbRecommendationLog(Function<TenantId, DynamoDbClient> clients, PlatformNaming naming,
                                     Duration retention) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.naming = Objects.requireNonNull(naming, "naming");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        this.retention = retention;
    }

    @Override
    public void append(TenantId tenant, RecommendationLogEntry entry) {
        append(TenantScope.of(tenant, naming), naming.recommendationLogTable(tenant), entry);
    }

    @Override
    public Optional<RecommendationLogEntry> find(TenantId tenant, String recommendationId) {
        return find(TenantScope.of(tenant, naming), naming.recommendationLogTable(tenant), recommendationId);
    }

    // The public methods name the tenant's table; these check that name against the tenant's policy before any
    // request, so a wrong name (a bug upstream) is refused rather than sent.
    void append(TenantScope scope, String table, RecommendationLogEntry entry) {
        String checked = scope.table("dynamodb:PutItem", table);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, AttributeValue.fromS(entry.recommendationId()));
        item.put(SURFACE, AttributeValue.fromS(entry.surface()));
        if (entry.userId() != null) {
            item.put(USER, AttributeValue.fromS(entry.userId()));
        }
        item.put(ITEMS, AttributeValue.fromL(entry.itemIds().stream().map(AttributeValue::fromS).toList()));
        item.put(SERVED_AT, AttributeValue.fromS(entry.servedAt().toString()));
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(entry.servedAt().plus(retention).getEpochSecond())));
        clients.apply(scope.tenant()).putItem(r -> r.tableName(checked).item(item));
    }

    Optional<RecommendationLogEntry> find(TenantScope scope, String table, String recommendationId) {
        String checked = scope.table("dynamodb:GetItem", table);
        Map<String, AttributeValue> item = clients.apply(scope.tenant())
                .getItem(r -> r.tableName(checked).key(Map.of(ID, AttributeValue.fromS(recommendationId)))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue user = item.get(USER);
        return Optional.of(new RecommendationLogEntry(
                item.get(ID).s(),
                item.get(SURFACE).s(),
                user == null ? null : user.s(),
                item.get(ITEMS).l().stream().map(AttributeValue::s).toList(),
                Instant.parse(item.get(SERVED_AT).s())));
    }
}
