package io.shelfwise.adapters.djl;

import io.shelfwise.recommendation.training.Interactions;
import java.util.Arrays;

/**
 * Validated implicit feedback as two sparse views: users to items and items to users, repeated pairs summed.
 * Both views are compressed rows ({@code start[r]..start[r+1]} index {@code column} and {@code weight}).
 */
record Feedback(Side users, Side items, int pairs) {

    /** One direction of the matrix: for each row, the columns (indices of the other side) it touched and how strongly. */
    record Side(int rows, int[] start, int[] column, float[] weight) {
        int count(int row) {
            return start[row + 1] - start[row];
        }
    }

    static Feedback of(Interactions data) {
        int userCount = data.users().size();
        int itemCount = data.items().size();
        int n = data.size();
        if (n == 0) {
            throw new IllegalArgumentException("no interactions to train on");
        }
        if (itemCount < 2) {
            throw new IllegalArgumentException("at least two items are needed to learn a ranking, got " + itemCount);
        }
        int[] user = data.user();
        int[] item = data.item();
        float[] weight = data.weight();
        for (int i = 0; i < n; i++) {
            if (user[i] < 0 || user[i] >= userCount) {
                throw new IllegalArgumentException("pair " + i + " names user index " + user[i] + ", outside 0.."
                        + (userCount - 1));
            }
            if (item[i] < 0 || item[i] >= itemCount) {
                throw new IllegalArgumentException("pair " + i + " names item index " + item[i] + ", outside 0.."
                        + (itemCount - 1));
            }
            if (!(weight[i] > 0) || !Float.isFinite(weight[i])) {
                throw new IllegalArgumentException("pair " + i + " has weight " + weight[i]
                        + "; weights must be positive and finite");
            }
        }
        Side byUser = mergedByUser(userCount, user, item, weight);
        return new Feedback(byUser, transpose(byUser, itemCount), byUser.column().length);
    }

    private static Side mergedByUser(int userCount, int[] user, int[] item, float[] weight) {
        int n = user.length;
        int[] start = new int[userCount + 1];
        for (int u : user) {
            start[u + 1]++;
        }
        for (int u = 0; u < userCount; u++) {
            start[u + 1] += start[u];
        }
        // Within a user, order pairs by item (then by position, so the sums below add in a fixed order).
        long[] keys = new long[n];
        int[] next = Arrays.copyOf(start, userCount);
        for (int i = 0; i < n; i++) {
            keys[next[user[i]]++] = ((long) item[i] << 32) | i;
        }
        int[] mergedStart = new int[userCount + 1];
        int[] column = new int[n];
        float[] merged = new float[n];
        int out = 0;
        for (int u = 0; u < userCount; u++) {
            Arrays.sort(keys, start[u], start[u + 1]);
            int previous = -1;
            for (int k = start[u]; k < start[u + 1]; k++) {
                int it = (int) (keys[k] >>> 32);
                float w = weight[(int) keys[k]];
                if (it == previous) {
                    merged[out - 1] += w;
                } else {
                    column[out] = it;
                    merged[out] = w;
                    out++;
                    previous = it;
                }
            }
            mergedStart[u + 1] = out;
        }
        return new Side(userCount, mergedStart, Arrays.copyOf(column, out), Arrays.copyOf(merged, out));
    }

    private static Side transpose(Side side, int columns) {
        int nnz = side.column().length;
        int[] start = new int[columns + 1];
        for (int c : side.column()) {
            start[c + 1]++;
        }
        for (int c = 0; c < columns; c++) {
            start[c + 1] += start[c];
        }
        int[] next = Arrays.copyOf(start, columns);
        int[] column = new int[nnz];
        float[] weight = new float[nnz];
        for (int r = 0; r < side.rows(); r++) {
            for (int k = side.start()[r]; k < side.start()[r + 1]; k++) {
                int slot = next[side.column()[k]]++;
                column[slot] = r;
                weight[slot] = side.weight()[k];
            }
        }
        return new Side(columns, start, column, weight);
    }
}
