package io.shelfwise.recommendation.ranking;

import java.nio.CharBuffer;

/**
 * Values a model holds in 16 bits, half the memory of a pooled process's per-tenant models: item indexes while
 * there are at most 65,536 items ({@link Indexes}), and floats as whole multiples of a step (their row's or
 * dimension's largest magnitude over the units 16 bits give), each within half a step of its value.
 */
final class Sixteen {
    private Sixteen() {
    }

    /** Per row ({@code values[rowStart[r] .. rowStart[r + 1])}), its largest magnitude over {@code units}. */
    static float[] rowSteps(float[] values, int[] rowStart, int units) {
        float[] steps = new float[rowStart.length - 1];
        for (int row = 0; row < steps.length; row++) {
            float largest = 0f;
            for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
                largest = Math.max(largest, Math.abs(values[p]));
            }
            steps[row] = largest / units;
        }
        return steps;
    }

    /**
     * {@code value} as a whole number of {@code step}s, 0 for a zero step; clamped to {@code [min, max]}, which a
     * subnormal step (a largest magnitude below ~4e-34) would round past.
     */
    static int units(float value, float step, int min, int max) {
        return step == 0f ? 0 : Math.clamp(Math.round(value / step), min, max);
    }

    /** A copy of everything {@code buffer} holds. */
    static char[] toChars(CharBuffer buffer) {
        char[] values = new char[buffer.capacity()];
        buffer.get(0, values);
        return values;
    }

    /** A copy of everything {@code buffer} holds. */
    static short[] toShorts(java.nio.ShortBuffer buffer) {
        short[] values = new short[buffer.capacity()];
        buffer.get(0, values);
        return values;
    }

    /** Item indexes in 16 bits while every index is below 65,536, else in 32. */
    static final class Indexes {
        /** The most items whose indexes fit 16 bits. */
        private static final int NARROW_ITEMS = 1 << 16;
        private final CharBuffer narrow;
        private final int[] wide;

        /** {@code indexes}, each below {@code items}, owned from now on (kept as they are where they need 32 bits). */
        Indexes(int[] indexes, int items) {
            if (items <= NARROW_ITEMS) {
                char[] values = new char[indexes.length];
                for (int p = 0; p < indexes.length; p++) {
                    values[p] = (char) indexes[p];
                }
                narrow = CharBuffer.wrap(values);
                wide = null;
            } else {
                narrow = null;
                wide = indexes;
            }
        }

        private Indexes(CharBuffer narrow, int[] wide) {
            this.narrow = narrow;
            this.wide = wide;
        }

        /** The same indexes held in {@code memory} (the 16-bit ones; 32-bit ones stay on the heap). */
        Indexes movedTo(ModelMemory memory) {
            return narrow == null || memory == ModelMemory.HEAP ? this
                    : new Indexes(memory.chars(toChars(narrow)), null);
        }

        /** As the constructor, leaving the caller's array as it is. */
        static Indexes copyOf(int[] indexes, int items) {
            return new Indexes(items <= NARROW_ITEMS ? indexes : indexes.clone(), items);
        }

        int get(int p) {
            return narrow != null ? narrow.get(p) : wide[p];
        }

        int[] toArray() {
            if (wide != null) {
                return wide.clone();
            }
            int[] indexes = new int[narrow.capacity()];
            for (int p = 0; p < indexes.length; p++) {
                indexes[p] = narrow.get(p);
            }
            return indexes;
        }

        /** Bytes an index takes. */
        long bytesEach() {
            return narrow != null ? 2 : 4;
        }

        /** Bytes the indexes take on the heap. */
        long heapBytes() {
            return narrow != null ? ModelMemory.heapBytes(narrow, 2) : 4L * wide.length;
        }
    }
}
