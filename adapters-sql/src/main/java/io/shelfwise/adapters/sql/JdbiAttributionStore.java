package io.shelfwise.adapters.sql;

import io.shelfwise.recommendation.ServedLists;
import io.shelfwise.recommendation.SurfaceAttribution;
import io.shelfwise.recommendation.port.out.AttributionStore;
import io.shelfwise.tenancy.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Attribution from {@code recommendation_log} joined with the events that cite its ids. */
public final class JdbiAttributionStore implements AttributionStore {
    private final SqlDatabase db;

    public JdbiAttributionStore(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public List<SurfaceAttribution> attribution(TenantId tenant, Instant from, Instant to) {
        return db.jdbi().withHandle(h -> {
            Map<String, long[]> counts = new TreeMap<>();
            Map<String, BigDecimal> revenue = new TreeMap<>();
            h.createQuery("SELECT surface, COUNT(*) AS n FROM recommendation_log WHERE tenant_id = :tenant "
                            + "AND served_at >= :from AND served_at < :to GROUP BY surface")
                    .bind("tenant", tenant.value()).bind("from", SqlDatabase.utc(from)).bind("to", SqlDatabase.utc(to))
                    .map((rs, ctx) -> Map.entry(rs.getString("surface"), rs.getLong("n")))
                    .forEach(e -> counts.computeIfAbsent(e.getKey(), k -> new long[3])[0] = e.getValue());
            h.createQuery("SELECT r.surface, e.event_type, COUNT(*) AS n, "
                            + "SUM(COALESCE(e.price, 0) * COALESCE(e.quantity, 1)) AS revenue "
                            + "FROM events e JOIN recommendation_log r "
                            + "ON r.tenant_id = e.tenant_id AND r.recommendation_id = e.recommendation_id "
                            + "WHERE e.tenant_id = :tenant AND e.event_type IN ('CLICK', 'PURCHASE') "
                            + "AND e.occurred_at >= :from AND e.occurred_at < :to GROUP BY r.surface, e.event_type")
                    .bind("tenant", tenant.value()).bind("from", SqlDatabase.utc(from)).bind("to", SqlDatabase.utc(to))
                    .map((rs, ctx) -> new Cited(rs.getString("surface"), rs.getString("event_type"), rs.getLong("n"),
                            SqlDatabase.decimal(rs, "revenue")))
                    .forEach(row -> {
                        long[] c = counts.computeIfAbsent(row.surface(), k -> new long[3]);
                        if ("CLICK".equals(row.type())) {
                            c[1] = row.count();
                        } else {
                            c[2] = row.count();
                            revenue.put(row.surface(), row.revenue() == null ? BigDecimal.ZERO : row.revenue());
                        }
                    });
            List<SurfaceAttribution> result = new ArrayList<>();
            counts.forEach((surface, c) -> result.add(new SurfaceAttribution(surface, c[0], c[1], c[2],
                    revenue.getOrDefault(surface, BigDecimal.ZERO))));
            return result;
        });
    }

    @Override
    public ServedLists servedLists(TenantId tenant, Instant from, Instant to, java.time.Duration clickedWithin) {
        return db.jdbi().inTransaction(h -> {
            long lists = h.createQuery("SELECT COUNT(*) FROM recommendation_log WHERE tenant_id = :tenant "
                            + "AND served_at >= :from AND served_at < :to")
                    .bind("tenant", tenant.value()).bind("from", SqlDatabase.utc(from)).bind("to", SqlDatabase.utc(to))
                    .mapTo(Long.class).one();
            // From the clicks since the period began (the events' time index; a shopper's clock may run a minute
            // behind ours) to the lists they cite (the log's primary key); each list's first click, timed here so
            // that the SQL stays the same on H2 and PostgreSQL.
            long allowance = clickedWithin.toMillis();
            long[] clicked = {0};
            h.createQuery("SELECT r.served_at, MIN(e.occurred_at) AS first_click FROM events e "
                            + "JOIN recommendation_log r ON r.tenant_id = e.tenant_id "
                            + "AND r.recommendation_id = e.recommendation_id "
                            + "WHERE e.tenant_id = :tenant AND e.occurred_at >= :since AND e.event_type = 'CLICK' "
                            + "AND r.served_at >= :from AND r.served_at < :to GROUP BY r.recommendation_id, r.served_at")
                    .bind("tenant", tenant.value()).bind("since", SqlDatabase.utc(from.minusSeconds(60)))
                    .bind("from", SqlDatabase.utc(from)).bind("to", SqlDatabase.utc(to))
                    .map((rs, ctx) -> SqlDatabase.instant(rs, "first_click").toEpochMilli()
                            - SqlDatabase.instant(rs, "served_at").toEpochMilli())
                    .forEach(delay -> {
                        if (delay <= allowance) {
                            clicked[0]++;
                        }
                    });
            // The log is written in batches in the background: never more clicked than counted.
            return new ServedLists(Math.max(lists, clicked[0]), clicked[0]);
        });
    }

    /** Clicks or purchases citing one surface's lists. */
    private record Cited(String surface, String type, long count, BigDecimal revenue) {
    }
}
