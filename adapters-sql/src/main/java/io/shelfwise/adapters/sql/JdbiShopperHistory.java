package io.shelfwise.adapters.sql;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.segmentation.port.out.ShopperHistory;
import io.shelfwise.tenancy.TenantId;
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
        // One row per event and item, in no particular order (sorting a million rows costs more than the reader
        // needs): each row is passed on as an event of that one item, the price and quantity on the first item's.
        db.jdbi().useHandle(h -> h.createQuery("SELECT e.event_id, e.event_type, e.user_id, e.quantity, e.price, "
                        + "e.currency, e.recommendation_id, e.occurred_at, e.coupon_code, i.item_id, i.item_position "
                        + "FROM events e LEFT JOIN event_items i ON i.tenant_id = e.tenant_id "
                        + "AND i.event_id = e.event_id WHERE e.tenant_id = :t AND e.user_id IS NOT NULL")
                .bind("t", tenant.value()).setFetchSize(1000)
                .map((rs, ctx) -> {
                    String item = rs.getString("item_id");
                    boolean first = item == null || rs.getInt("item_position") == 0;
                    return new ShopperEvent(rs.getString("event_id"), EventType.valueOf(rs.getString("event_type")),
                            rs.getString("user_id"), null, item == null ? List.of() : List.of(new ItemId(item)),
                            first ? rs.getObject("quantity", Integer.class) : null,
                            first ? SqlDatabase.decimal(rs, "price") : null, first ? rs.getString("currency") : null,
                            null, rs.getString("recommendation_id"), SqlDatabase.instant(rs, "occurred_at"),
                            rs.getString("coupon_code"));
                })
                .forEach(consumer));
    }
}
