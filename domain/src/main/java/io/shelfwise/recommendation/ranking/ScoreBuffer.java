package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntPredicate;

/**
 * Scores summed per item index in plain arrays instead of a boxed map: a request's neighbour scores are added with
 * {@link #add} (each item's contributions summed in the order they come, as {@code Map.merge} would) and read back
 * best first with {@link #top}. Buffers are reused across requests from a small shared pool (requests run on
 * virtual threads, so a thread-local one would be new every time); {@link #close()} clears only what was touched.
 */
final class ScoreBuffer implements AutoCloseable {
    private static final int MAX_POOLED = 32;
    /** Buffers for larger catalogs are not kept (a pooled buffer holds 13 bytes per item). */
    private static final int MAX_POOLED_CAPACITY = 1 << 20;
    private static final ConcurrentLinkedQueue<ScoreBuffer> POOL = new ConcurrentLinkedQueue<>();

    private double[] scores = new double[0];
    private boolean[] seen = new boolean[0];
    private int[] touched = new int[0];
    private int size;

    private ScoreBuffer() {
    }

    /** A cleared buffer for item indexes {@code 0 .. capacity - 1}. */
    static ScoreBuffer take(int capacity) {
        ScoreBuffer buffer = POOL.poll();
        if (buffer == null) {
            buffer = new ScoreBuffer();
        }
        if (buffer.scores.length < capacity) {
            buffer.scores = new double[capacity];
            buffer.seen = new boolean[capacity];
            buffer.touched = new int[capacity];
        }
        return buffer;
    }

    void add(int item, double value) {
        if (!seen[item]) {
            seen[item] = true;
            touched[size++] = item;
            scores[item] = value;
        } else {
            scores[item] += value;
        }
    }

    /**
     * Up to {@code k} items whose index {@code admits}, by score, best first; equal scores by item index. Only items that
     * could still enter the list are tested, so a long tail costs no lookups.
     */
    List<ItemId> top(IntPredicate admits, ItemId[] items, int k) {
        if (k <= 0 || size == 0) {
            return new ArrayList<>(Math.max(k, 0));
        }
        // A min-heap of the best k so far: the root is the weakest, replaced when a better item comes.
        int[] heap = new int[k];
        int count = 0;
        for (int t = 0; t < size; t++) {
            int item = touched[t];
            if (count == k && !stronger(item, heap[0])) {
                continue;
            }
            if (!admits.test(item)) {
                continue;
            }
            if (count < k) {
                heap[count] = item;
                siftUp(heap, count++);
            } else {
                heap[0] = item;
                siftDown(heap, count);
            }
        }
        // Taking the weakest off the heap one by one gives the list from its end: the order is kept in the
        // heap's own array (each taken root goes where the heap just shrank), then listed front to back.
        for (int last = count - 1; last > 0; last--) {
            int weakest = heap[0];
            heap[0] = heap[last];
            siftDown(heap, last);
            heap[last] = weakest;
        }
        List<ItemId> best = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            best.add(items[heap[j]]);
        }
        return best;
    }

    /** Higher score first; on equal scores the lower index. */
    private boolean stronger(int x, int y) {
        return scores[x] > scores[y] || (scores[x] == scores[y] && x < y);
    }

    private void siftUp(int[] heap, int at) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!stronger(heap[parent], heap[at])) {
                return;
            }
            swap(heap, at, parent);
            at = parent;
        }
    }

    private void siftDown(int[] heap, int count) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1;
            int right = left + 1;
            int weakest = at;
            if (left < count && stronger(heap[weakest], heap[left])) {
                weakest = left;
            }
            if (right < count && stronger(heap[weakest], heap[right])) {
                weakest = right;
            }
            if (weakest == at) {
                return;
            }
            swap(heap, at, weakest);
            at = weakest;
        }
    }

    private static void swap(int[] heap, int x, int y) {
        int item = heap[x];
        heap[x] = heap[y];
        heap[y] = item;
    }

    /** Clears what was touched and gives the buffer back to the pool. */
    @Override
    public void close() {
        for (int t = 0; t < size; t++) {
            scores[touched[t]] = 0;
            seen[touched[t]] = false;
        }
        size = 0;
        if (scores.length <= MAX_POOLED_CAPACITY && POOL.size() < MAX_POOLED) {
            POOL.offer(this);
        }
    }
}
