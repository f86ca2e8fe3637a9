package io.shelfwise.adapters.sql;

import io.shelfwise.metering.UsageMetric;
import io.shelfwise.metering.port.out.UsageStore;
import io.shelfwise.tenancy.TenantId;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

/** Usage counters in {@code usage_counters}; active shoppers counted from {@code events}. */
public final class JdbiUsageStore implements UsageStore {
    private final SqlDatabase db;

    public JdbiUsageStore(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void add(TenantId tenant, YearMonth period, Map<UsageMetric, Long> amounts) {
        db.inTransaction(h -> {
            amounts.forEach((metric, amount) -> Usage.add(h, tenant, period, metric.key(), amount));
            return null;
        });
    }

    @Override
    public Map<UsageMetric, Long> usage(TenantId tenant, YearMonth period) {
        return db.jdbi().withHandle(h -> {
            Map<UsageMetric, Long> usage = new EnumMap<>(UsageMetric.class);
            for (UsageMetric metric : UsageMetric.values()) {
                if (metric != UsageMetric.ACTIVE_SHOPPERS) {
                    usage.put(metric, Usage.get(h, tenant, period, metric.key()));
                }
            }
            usage.put(UsageMetric.ACTIVE_SHOPPERS, h.createQuery("SELECT COUNT(DISTINCT shopper_key) FROM events "
                            + "WHERE tenant_id = :tenant AND occurred_at >= :from AND occurred_at < :to")
                    .bind("tenant", tenant.value())
                    .bind("from", period.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                    .bind("to", period.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                    .mapTo(Long.class).one());
            return usage;
        });
    }

    @Override
    public Map<TenantId, Map<UsageMetric, Long>> counters(YearMonth period) {
        Map<String, UsageMetric> byKey = new java.util.HashMap<>();
        for (UsageMetric metric : UsageMetric.values()) {
            byKey.put(metric.key(), metric);
        }
        Map<TenantId, Map<UsageMetric, Long>> counters = new java.util.HashMap<>();
        db.jdbi().useHandle(h -> h.createQuery("SELECT tenant_id, metric, amount FROM usage_counters "
                        + "WHERE billing_period = :period")
                .bind("period", period.toString())
                .map((rs, ctx) -> {
                    UsageMetric metric = byKey.get(rs.getString("metric"));
                    if (metric != null && metric != UsageMetric.ACTIVE_SHOPPERS) {
                        counters.computeIfAbsent(new TenantId(rs.getString("tenant_id")),
                                t -> new EnumMap<>(UsageMetric.class)).put(metric, rs.getLong("amount"));
                    }
                    return metric;
                }).list());
        return counters;
    }
}
