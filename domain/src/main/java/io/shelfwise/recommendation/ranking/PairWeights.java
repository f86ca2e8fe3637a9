package io.shelfwise.recommendation.ranking;

/**
 * Sums of weights per unordered pair of item indexes, in an open-addressing table of primitives: a million pairs
 * in boxed {@code HashMap<Long, Double>} entries would cost about five times the memory and most of the time.
 */
final class PairWeights {
    private static final long EMPTY = 0L;
    private long[] keys;
    private double[] values;
    private int size;

    PairWeights(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new double[capacity];
    }

    /** Adds {@code weight} to the pair of {@code a} and {@code b}, which must differ; order does not matter. */
    void add(int a, int b, double weight) {
        long key = key(Math.min(a, b), Math.max(a, b));
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            size++;
            if (size * 2 > keys.length) {
                values[slot] = weight;
                grow();
                return;
            }
        }
        values[slot] += weight;
    }

    int size() {
        return size;
    }

    /** Calls {@code visitor} once per pair, with the smaller index first. */
    void forEach(PairVisitor visitor) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                long pair = keys[slot] - 1;
                visitor.visit((int) (pair >>> 32), (int) pair, values[slot]);
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        double[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new double[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = mix(oldKeys[i]) & mask;
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    /** The pair packed into a long, plus one so that no pair is {@link #EMPTY}. */
    private static long key(int low, int high) {
        return (((long) low << 32) | (high & 0xFFFFFFFFL)) + 1;
    }

    /** Spreads neighbouring pairs over the table (MurmurHash3's 64-bit finaliser). */
    private static int mix(long key) {
        long z = key;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (z ^ (z >>> 33));
    }

    /** Receives one pair and its summed weight. */
    @FunctionalInterface
    interface PairVisitor {
        void visit(int low, int high, double weight);
    }
}
