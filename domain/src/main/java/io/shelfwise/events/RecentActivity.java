package io.shelfwise.events;

import io.shelfwise.catalog.ItemId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What recommendations need of a shopper's latest events, compactly: per event its type and time, and the items it
 * touched; newest event first, each event's items in their order. Kept in memory for many shoppers
 * ({@link RecentActivityCache}), so it holds primitive arrays and shared item ids rather than event objects
 * (about 17 bytes per event and 4 per item instead of several hundred).
 */
public final class RecentActivity {
    /** How many of a shopper's latest events an activity holds. */
    public static final int DEPTH = 50;
    public static final RecentActivity EMPTY = new RecentActivity(new long[0], new byte[0], new int[] {0},
            new ItemId[0]);
    private static final EventType[] TYPES = EventType.values();

    private final long[] at;
    private final byte[] types;
    /** Event {@code e}'s items are {@code items[itemStart[e] .. itemStart[e + 1] - 1]}. */
    private final int[] itemStart;
    private final ItemId[] items;

    private RecentActivity(long[] at, byte[] types, int[] itemStart, ItemId[] items) {
        this.at = at;
        this.types = types;
        this.itemStart = itemStart;
        this.items = items;
    }

    /** The latest {@link #DEPTH} of {@code newestFirst}; {@code intern} may return a shared equal id. */
    public static RecentActivity of(List<StoredEvent> newestFirst, UnaryOperator<ItemId> intern) {
        List<Event> events = new ArrayList<>(Math.min(DEPTH, newestFirst.size()));
        for (int e = 0; e < newestFirst.size() && e < DEPTH; e++) {
            events.add(Event.of(newestFirst.get(e).event()));
        }
        return build(events, intern);
    }

    /**
     * This activity with {@code newer} events added (events just stored, none already here), in time order, still
     * at most {@link #DEPTH}. Events at the same millisecond keep their arrival order here, where the store orders
     * them by id; only which of them falls off the end at {@link #DEPTH} can differ.
     */
    public RecentActivity with(Collection<ShopperEvent> newer, UnaryOperator<ItemId> intern) {
        List<Event> all = new ArrayList<>(eventCount() + newer.size());
        newer.forEach(e -> all.add(Event.of(e)));
        for (int e = 0; e < eventCount(); e++) {
            all.add(new Event(at[e], types[e], itemsOf(e)));
        }
        // Stable: among equal times the newer events stay first.
        all.sort(Comparator.comparingLong(Event::at).reversed());
        return build(all.subList(0, Math.min(DEPTH, all.size())), intern);
    }

    private static RecentActivity build(List<Event> newestFirst, UnaryOperator<ItemId> intern) {
        int n = newestFirst.size();
        long[] at = new long[n];
        byte[] types = new byte[n];
        int[] itemStart = new int[n + 1];
        int total = 0;
        for (Event e : newestFirst) {
            total += e.items().size();
        }
        ItemId[] items = new ItemId[total];
        int next = 0;
        for (int e = 0; e < n; e++) {
            Event event = newestFirst.get(e);
            at[e] = event.at();
            types[e] = event.type();
            itemStart[e] = next;
            for (ItemId item : event.items()) {
                items[next++] = intern.apply(item);
            }
        }
        itemStart[n] = next;
        return new RecentActivity(at, types, itemStart, items);
    }

    private record Event(long at, byte type, List<ItemId> items) {
        static Event of(ShopperEvent e) {
            return new Event(e.occurredAt().toEpochMilli(), (byte) e.type().ordinal(), e.itemIds());
        }
    }

    public int eventCount() {
        return at.length;
    }

    public EventType type(int event) {
        return TYPES[types[event]];
    }

    public Instant occurredAt(int event) {
        return Instant.ofEpochMilli(at[event]);
    }

    public List<ItemId> itemsOf(int event) {
        return Collections.unmodifiableList(Arrays.asList(items).subList(itemStart[event], itemStart[event + 1]));
    }
}
