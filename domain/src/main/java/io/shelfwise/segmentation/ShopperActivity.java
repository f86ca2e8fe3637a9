package io.shelfwise.segmentation;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import io.shelfwise.recommendation.ShopperTouch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every registered shopper's events of one tenant, compactly in memory (about 17 bytes an item event), in time
 * order, plus the tenant's data clock. Anonymous events are left out: a segment is for shoppers a store can
 * message. Not thread-safe: its owner serialises access.
 */
final class ShopperActivity {
    static final byte NO_TYPE = -1;
    private final Map<String, Shopper> shoppers = new HashMap<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();
    private final List<ItemId> items = new ArrayList<>();
    private long newest = Long.MIN_VALUE;
    private long events;

    /** Adds one stored event in time order; returns the shopper it changed, or null for an anonymous one. */
    Shopper add(ShopperEvent event) {
        return add(event, true);
    }

    /**
     * Adds one event of a history read in any order; {@link #sortAll} must follow before anything reads the
     * shoppers.
     */
    void load(ShopperEvent event) {
        add(event, false);
    }

    /** Puts every shopper's events in time order after {@link #load}. */
    void sortAll() {
        shoppers.values().forEach(Shopper::sort);
    }

    private Shopper add(ShopperEvent event, boolean sorted) {
        if (event.userId() == null) {
            return null;
        }
        Shopper shopper = shoppers.computeIfAbsent(event.userId(), Shopper::new);
        long at = event.occurredAt().getEpochSecond();
        newest = Math.max(newest, at);
        byte type = (byte) event.type().ordinal();
        float amount = event.type() == EventType.PURCHASE && event.price() != null
                ? event.price().floatValue() * (event.quantity() == null ? 1 : event.quantity()) : 0f;
        if (event.itemIds().isEmpty()) {
            shopper.add(at, type, -1, amount, sorted);
        }
        for (int i = 0; i < event.itemIds().size(); i++) {
            shopper.add(at, type, indexOf(event.itemIds().get(i)), i == 0 ? amount : 0f, sorted);
        }
        events++;
        return shopper;
    }

    private int indexOf(ItemId item) {
        Integer known = itemIndex.get(item.value());
        if (known != null) {
            return known;
        }
        int index = items.size();
        items.add(item);
        itemIndex.put(item.value(), index);
        return index;
    }

    Shopper shopper(String userId) {
        return shoppers.get(userId);
    }

    Collection<Shopper> shoppers() {
        return shoppers.values();
    }

    int shopperCount() {
        return shoppers.size();
    }

    long eventCount() {
        return events;
    }

    /** The shopper's latest {@code max} events with an item, oldest first, as the learned model folds them in. */
    List<ShopperTouch> touches(Shopper shopper, int max) {
        EventType[] types = EventType.values();
        java.util.ArrayDeque<ShopperTouch> latest = new java.util.ArrayDeque<>(Math.min(max, shopper.size));
        for (int j = shopper.size - 1; j >= 0 && latest.size() < max; j--) {
            if (shopper.items[j] >= 0) {
                latest.addFirst(new ShopperTouch(items.get(shopper.items[j]), types[shopper.types[j]],
                        Instant.ofEpochSecond(shopper.times[j])));
            }
        }
        return new ArrayList<>(latest);
    }

    /** The items events named, by the index shoppers' events use. */
    List<ItemId> items() {
        return items;
    }

    /** The newest event's time, or null before any. */
    Instant newest() {
        return newest == Long.MIN_VALUE ? null : Instant.ofEpochSecond(newest);
    }

    /** One shopper's events, oldest first: parallel arrays of time (epoch seconds), type, item index and revenue. */
    static final class Shopper {
        final String userId;
        long[] times = new long[4];
        byte[] types = new byte[4];
        int[] items = new int[4];
        float[] amounts = new float[4];
        int size;

        Shopper(String userId) {
            this.userId = userId;
        }

        void add(long at, byte type, int item, float amount, boolean sorted) {
            if (size == times.length) {
                int grown = size * 2;
                times = Arrays.copyOf(times, grown);
                types = Arrays.copyOf(types, grown);
                items = Arrays.copyOf(items, grown);
                amounts = Arrays.copyOf(amounts, grown);
            }
            // Events mostly arrive in order; a late one moves into place.
            int at0 = size;
            while (sorted && at0 > 0 && times[at0 - 1] > at) {
                at0--;
            }
            if (at0 < size) {
                System.arraycopy(times, at0, times, at0 + 1, size - at0);
                System.arraycopy(types, at0, types, at0 + 1, size - at0);
                System.arraycopy(items, at0, items, at0 + 1, size - at0);
                System.arraycopy(amounts, at0, amounts, at0 + 1, size - at0);
            }
            times[at0] = at;
            types[at0] = type;
            items[at0] = item;
            amounts[at0] = amount;
            size++;
        }

        /** Orders the events by time (stable, so same-time events keep their arrival order). */
        void sort() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
            long[] t = new long[times.length];
            byte[] ty = new byte[types.length];
            int[] it = new int[items.length];
            float[] am = new float[amounts.length];
            for (int i = 0; i < size; i++) {
                t[i] = times[order[i]];
                ty[i] = types[order[i]];
                it[i] = items[order[i]];
                am[i] = amounts[order[i]];
            }
            times = t;
            types = ty;
            items = it;
            amounts = am;
        }

        long first() {
            return times[0];
        }

        long last() {
            return times[size - 1];
        }

        /** The index of the first event at or after {@code from} (epoch seconds). */
        int from(long from) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < from) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** Revenue of purchases in [{@code from}, {@code until}). */
        double spend(long from, long until) {
            double total = 0;
            for (int i = from(from); i < size && times[i] < until; i++) {
                total += amounts[i];
            }
            return total;
        }
    }
}
