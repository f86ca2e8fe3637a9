package io.shelfwise.adapters.sql;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.port.out.InteractionHistory;
import io.shelfwise.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A tenant's recent events with their items, streamed newest first from SQL and returned oldest first. */
public final class JdbiInteractionHistory implements InteractionHistory {
    private final SqlDatabase db;

    public JdbiInteractionHistory(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<Instant> newestEventAt(TenantId tenant) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT MAX(occurred_at) AS newest FROM events "
                        + "WHERE tenant_id = :tenant").bind("tenant", tenant.value())
                .map((rs, ctx) -> Optional.ofNullable(SqlDatabase.instant(rs, "newest"))).one());
    }

    @Override
    public List<ShopperEvent> eventsSince(TenantId tenant, Instant since, int max) {
        List<ShopperEvent> newestFirst = new ArrayList<>();
        db.jdbi().useHandle(h -> h.createQuery("SELECT e.event_id, e.event_type, e.shopper_key, e.occurred_at, "
                        + "i.item_id FROM events e JOIN event_items i "
                        + "ON i.tenant_id = e.tenant_id AND i.event_id = e.event_id "
                        + "WHERE e.tenant_id = :tenant AND e.occurred_at >= :since "
                        + "ORDER BY e.occurred_at DESC, e.event_id, i.item_position")
                .bind("tenant", tenant.value())
                .bind("since", SqlDatabase.utc(since))
                .setFetchSize(1000)
                .map((rs, ctx) -> new Row(rs.getString("event_id"), EventType.valueOf(rs.getString("event_type")),
                        rs.getString("shopper_key"), SqlDatabase.instant(rs, "occurred_at"),
                        new ItemId(rs.getString("item_id"))))
                .useIterator(rows -> {
                    Row open = null;
                    List<ItemId> items = new ArrayList<>();
                    while (rows.hasNext()) {
                        Row row = rows.next();
                        if (open != null && !open.eventId().equals(row.eventId())) {
                            newestFirst.add(open.toEvent(items));
                            items = new ArrayList<>();
                            if (newestFirst.size() == max) {
                                return;
                            }
                        }
                        open = row;
                        items.add(row.item());
                    }
                    if (open != null) {
                        newestFirst.add(open.toEvent(items));
                    }
                }));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private record Row(String eventId, EventType type, String shopper, Instant at, ItemId item) {
        ShopperEvent toEvent(List<ItemId> items) {
            // Only what a model learns from is read back: who, what, which items, when.
            return new ShopperEvent(eventId, type, shopper, null, items, null, null, null, null, null, at);
        }
    }
}
