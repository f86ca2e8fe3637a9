package io.shelfwise.recommendation.ranking;

/**
 * Selection (Hoare's quickselect with a median-of-three pivot) on primitive arrays: what a top-k needs without
 * sorting every candidate. Both methods reorder the range they are given.
 */
final class Select {
    private Select() {
    }

    /**
     * Moves the {@code k} smallest of {@code a[0 .. n)} into {@code a[0 .. k)}, in no particular order; with
     * distinct values (the rankers' keys hold the item index) which ones is exactly determined.
     */
    static void smallest(long[] a, int n, int k) {
        if (k <= 0 || k >= n) {
            return;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            // Now a[lo .. j] <= pivot <= a[i .. hi], and anything strictly between equals the pivot.
            if (k - 1 <= j) {
                hi = j;
            } else if (k - 1 >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    /** The value at ascending position {@code rank} (from 0) of {@code a[0 .. n)}, as a sort would place it. */
    static float atRank(float[] a, int n, int rank) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            float pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (rank <= j) {
                hi = j;
            } else if (rank >= i) {
                lo = i;
            } else {
                return pivot;
            }
        }
        return a[rank];
    }

    private static long median(long x, long y, long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    private static float median(float x, float y, float z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }
}
