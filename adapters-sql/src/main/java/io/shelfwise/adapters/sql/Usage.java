package io.shelfwise.adapters.sql;

import io.shelfwise.tenancy.TenantId;
import java.time.YearMonth;
import org.jdbi.v3.core.Handle;

/** Per-tenant usage counters, changed inside the caller's transaction so they agree with the data. */
final class Usage {
    private Usage() {
    }

    static void add(Handle h, TenantId tenant, YearMonth period, String metric, long amount) {
        add(h, tenant.value(), period.toString(), metric, amount);
    }

    static void add(Handle h, String tenant, String period, String metric, long amount) {
        int updated = h.createUpdate("UPDATE usage_counters SET amount = amount + :amount "
                        + "WHERE tenant_id = :tenant AND billing_period = :period AND metric = :metric")
                .bind("amount", amount).bind("tenant", tenant).bind("period", period)
                .bind("metric", metric)
                .execute();
        if (updated == 0) {
            // A concurrent first insert makes this fail with a unique violation; the transaction is retried.
            h.createUpdate("INSERT INTO usage_counters (tenant_id, billing_period, metric, amount) "
                            + "VALUES (:tenant, :period, :metric, :amount)")
                    .bind("amount", amount).bind("tenant", tenant).bind("period", period)
                    .bind("metric", metric)
                    .execute();
        }
    }

    static long get(Handle h, TenantId tenant, YearMonth period, String metric) {
        return h.createQuery("SELECT amount FROM usage_counters "
                        + "WHERE tenant_id = :tenant AND billing_period = :period AND metric = :metric")
                .bind("tenant", tenant.value()).bind("period", period.toString()).bind("metric", metric)
                .mapTo(Long.class).findOne().orElse(0L);
    }

    /**
     * The counter as committed, its row locked until the transaction ends (a concurrent writer of the same counter
     * waits for this one's commit); 0 when there is no row yet (a concurrent first insert then fails on the key and
     * its transaction is retried).
     */
    static long getForUpdate(Handle h, String tenant, String period, String metric) {
        return h.createQuery("SELECT amount FROM usage_counters "
                        + "WHERE tenant_id = :tenant AND billing_period = :period AND metric = :metric FOR UPDATE")
                .bind("tenant", tenant).bind("period", period).bind("metric", metric)
                .mapTo(Long.class).findOne().orElse(0L);
    }
}
