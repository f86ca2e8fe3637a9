package io.shelfwise.adapters.sql;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A tenant's whole event log, each event with its items, as two scans in event-id order (events, and their items)
 * merged here: each table is read once along its primary key, where a join looked every item up by index, row by
 * row. The order names the whole primary key ({@code tenant_id} first, fixed by the filter anyway) so that H2 walks
 * that index in order instead of reading the tenant's index and sorting every row. Both cursors stay open together
 * in one repeatable-read transaction: one snapshot for both scans (and PostgreSQL streams rows only within a
 * transaction), and H2 streams them too ({@link SqlDatabase#streaming}) instead of building each result whole.
 */
final class EventLogScan {
    private static final int FETCH = 2000;

    private EventLogScan() {
    }

    /**
     * @param eventColumns the {@code events} columns {@code rows} reads, {@code event_id} among them
     * @param rows         maps an events row; for a row {@code wanted} will refuse it may skip reading the rest
     * @param eventId      the event id of a mapped row
     * @param wanted       the rows passed on (the others' items are skipped too)
     * @param consumer     each wanted row with its item ids, in log order
     */
    static <T> void forEach(SqlDatabase db, TenantId tenant, String eventColumns, RowMapper<T> rows,
                            Function<T, String> eventId, Predicate<T> wanted, BiConsumer<T, List<ItemId>> consumer) {
        db.streaming(session -> session.useTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            try (ResultIterator<T> events = h.createQuery("SELECT " + eventColumns + " FROM events "
                            + "WHERE tenant_id = :t ORDER BY tenant_id, event_id")
                    .bind("t", tenant.value()).setFetchSize(FETCH).map(rows).iterator();
                 ResultIterator<String[]> items = h.createQuery("SELECT event_id, item_id FROM event_items "
                                 + "WHERE tenant_id = :t ORDER BY tenant_id, event_id, item_position")
                         .bind("t", tenant.value()).setFetchSize(FETCH)
                         .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)}).iterator()) {
                String[] item = items.hasNext() ? items.next() : null;
                List<ItemId> ids = new ArrayList<>();
                while (events.hasNext()) {
                    T row = events.next();
                    boolean keep = wanted.test(row);
                    String id = eventId.apply(row);
                    ids.clear();
                    // Both scans share one snapshot and one order, and every item row names a stored event: the
                    // next item row is this event's or a later one's (no string comparison, whatever the collation).
                    while (item != null && item[0].equals(id)) {
                        if (keep) {
                            ids.add(new ItemId(item[1]));
                        }
                        item = items.hasNext() ? items.next() : null;
                    }
                    if (keep) {
                        consumer.accept(row, List.copyOf(ids));
                    }
                }
            }
        }));
    }
}
