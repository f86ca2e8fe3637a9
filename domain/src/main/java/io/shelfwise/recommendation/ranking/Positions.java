package io.shelfwise.recommendation.ranking;

/**
 * Where each item (or shopper) of a model lies in its arrays: a hash table of positions (open addressing, linear
 * probing) over the model's own id array. A model of 5,000 items holds it in a 32 kB {@code int[]}, where a
 * {@code HashMap<ItemId, Integer>} took ~300 kB of entries and boxed positions, and a lookup allocates nothing.
 * Immutable; an id listed twice is found at its first position.
 */
public final class Positions<K> {
    private final K[] items;
    /** Position + 1 per slot, 0 for an empty slot. */
    private final int[] slots;
    private final int mask;

    private Positions(K[] items) {
        this.items = items;
        // A third to two thirds full: a hit probes ~1.5 slots on average, a miss a few.
        int capacity = Integer.highestOneBit(Math.max(4, items.length + (items.length >> 1) - 1)) << 1;
        this.slots = new int[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < items.length; i++) {
            int slot = slot(items[i]);
            if (slots[slot] == 0) {
                slots[slot] = i + 1;
            }
        }
    }

    /** The positions of {@code items}, which the table keeps (not a copy: the caller must not change it). */
    public static <K> Positions<K> of(K[] items) {
        for (K item : items) {
            java.util.Objects.requireNonNull(item, "items must not hold null");
        }
        return new Positions<>(items);
    }

    /** The first position of {@code item}, or -1 when the model does not hold it. */
    public int indexOf(K item) {
        if (item == null) {
            return -1;
        }
        int at = slots[slot(item)];
        return at - 1;
    }

    /** The slot that holds {@code item}, or the empty slot where it would go. */
    private int slot(K item) {
        int h = item.hashCode();
        int slot = (h ^ (h >>> 16)) & mask;
        while (true) {
            int at = slots[slot];
            if (at == 0 || items[at - 1].equals(item)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** How many ids the table was built over. */
    public int size() {
        return items.length;
    }

    /** The heap it takes beside the id array. */
    public long bytes() {
        return 16L + 4L * slots.length;
    }

    @Override
    public String toString() {
        return "Positions[" + items.length + " items]";
    }
}
