package io.shelfwise.adapters.sql;

import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.segmentation.port.out.ShopperHistory;
import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.function.Consumer;

/** A tenant's registered shoppers' events, read in one pass over its log ({@link EventLogScan}). */
public final class JdbiShopperHistory implements ShopperHistory {
    private final SqlDatabase db;

    public JdbiShopperHistory(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void forEachEvent(TenantId tenant, Consumer<ShopperEvent> consumer) {
        EventLogScan.forEach(db, tenant, "event_id, event_type, user_id, quantity, price, currency, "
                        + "recommendation_id, occurred_at, coupon_code",
                (rs, ctx) -> new Row(rs.getString("event_id"), rs.getString("event_type"), rs.getString("user_id"),
                        rs.getObject("quantity", Integer.class), SqlDatabase.decimal(rs, "price"),
                        rs.getString("currency"), rs.getString("recommendation_id"),
                        SqlDatabase.instant(rs, "occurred_at"), rs.getString("coupon_code")),
                Row::eventId, e -> e.userId != null,
                (e, items) -> consumer.accept(new ShopperEvent(e.eventId, EventType.valueOf(e.type), e.userId, null,
                        items, e.quantity, e.price, e.currency, null, e.recommendationId, e.at, e.coupon)));
    }

    private record Row(String eventId, String type, String userId, Integer quantity, java.math.BigDecimal price,
                       String currency, String recommendationId, java.time.Instant at, String coupon) {
    }
}
