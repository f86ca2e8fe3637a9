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
                // By position, in the order of the columns above (a million rows per pass).
                (rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, Integer.class), SqlDatabase.decimal(rs, 5), rs.getString(6), rs.getString(7),
                        SqlDatabase.instant(rs, 8), rs.getString(9)),
                Row::eventId, e -> e.userId != null,
                (e, items) -> consumer.accept(new ShopperEvent(e.eventId, EventType.valueOf(e.type), e.userId, null,
                        items, e.quantity, e.price, e.currency, null, e.recommendationId, e.at, e.coupon)));
    }

    private record Row(String eventId, String type, String userId, Integer quantity, java.math.BigDecimal price,
                       String currency, String recommendationId, java.time.Instant at, String coupon) {
    }
}
