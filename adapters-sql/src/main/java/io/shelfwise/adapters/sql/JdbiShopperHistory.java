package io.shelfwise.adapters.sql;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.segmentation.port.out.ShopperHistory;
import io.shelfwise.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A tenant's registered shoppers' events, read as two scans in event-id order (events, and their items) merged here:
 * each table is read once along its primary key, where a join looked every item up by index, row by row.
 */
public final class JdbiShopperHistory implements ShopperHistory {
    private static final int FETCH = 2000;
    private final SqlDatabase db;

    public JdbiShopperHistory(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void forEachEvent(TenantId tenant, Consumer<ShopperEvent> consumer) {
        // Both cursors stay open together in one repeatable-read transaction: one snapshot for both scans (and
        // PostgreSQL streams rows only within a transaction).
        db.jdbi().useTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            try (ResultIterator<Row> events = h.createQuery("SELECT event_id, event_type, user_id, quantity, price, "
                            + "currency, recommendation_id, occurred_at, coupon_code FROM events WHERE tenant_id = :t "
                            + "ORDER BY tenant_id, event_id").bind("t", tenant.value()).setFetchSize(FETCH)
                    .map((rs, ctx) -> new Row(rs.getString("event_id"), rs.getString("event_type"),
                            rs.getString("user_id"), rs.getObject("quantity", Integer.class),
                            SqlDatabase.decimal(rs, "price"), rs.getString("currency"),
                            rs.getString("recommendation_id"), SqlDatabase.instant(rs, "occurred_at"),
                            rs.getString("coupon_code"))).iterator();
                 ResultIterator<String[]> items = h.createQuery("SELECT event_id, item_id FROM event_items "
                                 + "WHERE tenant_id = :t ORDER BY tenant_id, event_id, item_position")
                         .bind("t", tenant.value())
                         .setFetchSize(FETCH).map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)})
                         .iterator()) {
                String[] item = items.hasNext() ? items.next() : null;
                List<ItemId> ids = new ArrayList<>();
                while (events.hasNext()) {
                    Row e = events.next();
                    ids.clear();
                    // Both scans share one snapshot and one order, and every item row names a stored event: the
                    // next item row is this event's or a later one's (no string comparison, whatever the collation).
                    while (item != null && item[0].equals(e.eventId)) {
                        ids.add(new ItemId(item[1]));
                        item = items.hasNext() ? items.next() : null;
                    }
                    if (e.userId != null) {
                        consumer.accept(new ShopperEvent(e.eventId, EventType.valueOf(e.type), e.userId, null,
                                List.copyOf(ids), e.quantity, e.price, e.currency, null, e.recommendationId, e.at,
                                e.coupon));
                    }
                }
            }
        });
    }

    private record Row(String eventId, String type, String userId, Integer quantity, java.math.BigDecimal price,
                       String currency, String recommendationId, java.time.Instant at, String coupon) {
    }
}
