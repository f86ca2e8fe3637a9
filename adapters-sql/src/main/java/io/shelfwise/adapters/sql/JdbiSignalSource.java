package io.shelfwise.adapters.sql;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.recommendation.ItemSignal;
import io.shelfwise.recommendation.port.out.SignalSource;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Popularity signals aggregated in SQL from {@code event_items}, per item, event type and day. */
public final class JdbiSignalSource implements SignalSource {
    private final SqlDatabase db;

    public JdbiSignalSource(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<LocalDate> newestDay(TenantId tenant) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT MAX(occurred_day) FROM event_items "
                        + "WHERE tenant_id = :tenant").bind("tenant", tenant.value())
                .map((rs, ctx) -> {
                    int day = rs.getInt(1);
                    return rs.wasNull() ? Optional.<LocalDate>empty() : Optional.of(LocalDate.ofEpochDay(day));
                }).one());
    }

    @Override
    public List<ItemSignal> signalsSince(TenantId tenant, Instant since) {
        int fromDay = (int) LocalDate.ofInstant(since, ZoneOffset.UTC).toEpochDay();
        return db.jdbi().withHandle(h -> h.createQuery("SELECT item_id, event_type, occurred_day, COUNT(*) AS n "
                        + "FROM event_items WHERE tenant_id = :tenant AND occurred_day >= :from "
                        + "GROUP BY item_id, event_type, occurred_day")
                .bind("tenant", tenant.value())
                .bind("from", fromDay)
                .map((rs, ctx) -> new ItemSignal(new ItemId(rs.getString("item_id")),
                        EventType.valueOf(rs.getString("event_type")),
                        LocalDate.ofEpochDay(rs.getInt("occurred_day")), rs.getLong("n")))
                .list());
    }
}
