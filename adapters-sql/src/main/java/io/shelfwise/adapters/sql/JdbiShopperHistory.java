package io.shelfwise.adapters.sql;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.segmentation.port.out.ShopperHistory;
import io.shelfwise.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A tenant's registered shoppers' events, oldest first, streamed from SQL a thousand rows at a time. */
public final class JdbiShopperHistory implements ShopperHistory {
    private final SqlDatabase db;

    public JdbiShopperHistory(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void forEachEvent(TenantId tenant, Consumer<ShopperEvent> consumer) {
        Row[] open = new Row[1];
        db.jdbi().useHandle(h -> h.createQuery("SELECT e.event_id, e.event_type, e.user_id, e.quantity, e.price, "
                        + "e.currency, e.recommendation_id, e.occurred_at, e.coupon_code, i.item_id FROM events e "
                        + "LEFT JOIN event_items i ON i.tenant_id = e.tenant_id AND i.event_id = e.event_id "
                        + "WHERE e.tenant_id = :t AND e.user_id IS NOT NULL "
                        + "ORDER BY e.occurred_at, e.event_id, i.item_position")
                .bind("t", tenant.value()).setFetchSize(1000)
                .map((rs, ctx) -> {
                    String id = rs.getString("event_id");
                    if (open[0] == null || !open[0].id.equals(id)) {
                        if (open[0] != null) {
                            consumer.accept(open[0].event());
                        }
                        Row row = new Row();
                        row.id = id;
                        row.type = EventType.valueOf(rs.getString("event_type"));
                        row.user = rs.getString("user_id");
                        row.quantity = rs.getObject("quantity", Integer.class);
                        row.price = SqlDatabase.decimal(rs, "price");
                        row.currency = rs.getString("currency");
                        row.recommendation = rs.getString("recommendation_id");
                        row.at = SqlDatabase.instant(rs, "occurred_at");
                        row.coupon = rs.getString("coupon_code");
                        open[0] = row;
                    }
                    String item = rs.getString("item_id");
                    if (item != null) {
                        open[0].items.add(new ItemId(item));
                    }
                    return id;
                })
                .forEach(id -> { }));
        if (open[0] != null) {
            consumer.accept(open[0].event());
        }
    }

    private static final class Row {
        String id;
        EventType type;
        String user;
        Integer quantity;
        java.math.BigDecimal price;
        String currency;
        String recommendation;
        java.time.Instant at;
        String coupon;
        final List<ItemId> items = new ArrayList<>();

        ShopperEvent event() {
            return new ShopperEvent(id, type, user, null, items, quantity, price, currency, null, recommendation, at,
                    coupon);
        }
    }
}
