package io.shelfwise.recommendation.ranking;

import java.nio.Buffer;
import java.nio.CharBuffer;
import java.nio.ShortBuffer;

/**
 * Where a served model keeps its large arrays: factor panels, EASE weights and columns, co-occurrence neighbours
 * and similarities. {@link #HEAP} keeps them on the Java heap as they are. A pooled process holding a model for each
 * of hundreds of tenants can keep them outside it instead (memory-mapped files, which the operating system pages
 * in and out), so that its heap holds the tenants' objects and not their numbers. A model hands its arrays over
 * once they are final and never writes them again: what comes back is read-only.
 */
public interface ModelMemory {
    /** On the heap: the arrays as they are, wrapped. */
    ModelMemory HEAP = new ModelMemory() {
        @Override
        public ShortBuffer shorts(short[] values) {
            return ShortBuffer.wrap(values);
        }

        @Override
        public CharBuffer chars(char[] values) {
            return CharBuffer.wrap(values);
        }
    };

    /** {@code values} as they will be held; the caller does not use the array afterwards. */
    ShortBuffer shorts(short[] values);

    /** {@code values} as they will be held; the caller does not use the array afterwards. */
    CharBuffer chars(char[] values);

    /** What {@code buffer} of {@code bytesEach}-byte values costs the heap: nothing where it is held outside. */
    static long heapBytes(Buffer buffer, int bytesEach) {
        return buffer.isDirect() ? 0 : (long) bytesEach * buffer.capacity();
    }
}
