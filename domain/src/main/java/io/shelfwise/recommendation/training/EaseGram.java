package io.shelfwise.recommendation.training;

import io.shelfwise.catalog.ItemId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code XᵀX} of the binary shopper × item matrix over the {@code maxItems} items with the most distinct
 * shoppers (ties by item id), row by row: what a trainer adds {@code λ} to the diagonal of and inverts.
 */
public record EaseGram(List<ItemId> items, float[] matrix) {
    /** The most items a dense matrix of floats can be indexed over ({@code n²} within an int). */
    public static final int MAX_ITEMS = 46_340;

    public EaseGram {
        items = List.copyOf(items);
        if (matrix.length != (long) items.size() * items.size()) {
            throw new IllegalArgumentException("matrix must hold items x items floats");
        }
    }

    /** Built from training pairs; a pair's weight only says it happened, and a repeated pair counts once. */
    public static EaseGram of(Interactions data, int maxItems) {
        if (maxItems < 1 || maxItems > MAX_ITEMS) {
            throw new IllegalArgumentException("maxItems must be between 1 and " + MAX_ITEMS);
        }
        int itemCount = data.items().size();
        int[][] byUser = distinctItemsPerUser(data);
        int[] shoppers = new int[itemCount];
        for (int[] userItems : byUser) {
            for (int item : userItems) {
                shoppers[item]++;
            }
        }
        Integer[] order = new Integer[itemCount];
        for (int i = 0; i < itemCount; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> shoppers[a] != shoppers[b] ? Integer.compare(shoppers[b], shoppers[a])
                : data.items().get(a).value().compareTo(data.items().get(b).value()));
        int n = 0;
        int[] column = new int[itemCount];
        Arrays.fill(column, -1);
        List<ItemId> kept = new ArrayList<>();
        for (int r = 0; r < itemCount && n < maxItems && shoppers[order[r]] > 0; r++) {
            column[order[r]] = n++;
            kept.add(data.items().get(order[r]));
        }
        float[] matrix = new float[n * n];
        int[] columns = new int[itemCount];
        for (int[] userItems : byUser) {
            int m = 0;
            for (int item : userItems) {
                if (column[item] >= 0) {
                    columns[m++] = column[item];
                }
            }
            for (int a = 0; a < m; a++) {
                int base = columns[a] * n;
                for (int b = 0; b < m; b++) {
                    matrix[base + columns[b]] += 1f;
                }
            }
        }
        return new EaseGram(kept, matrix);
    }

    /** Each user's distinct items with a positive weight, ascending. */
    private static int[][] distinctItemsPerUser(Interactions data) {
        int users = data.users().size();
        int[] counts = new int[users];
        for (int p = 0; p < data.size(); p++) {
            if (data.weight()[p] > 0f) {
                counts[data.user()[p]]++;
            }
        }
        int[][] items = new int[users][];
        for (int u = 0; u < users; u++) {
            items[u] = new int[counts[u]];
        }
        int[] filled = new int[users];
        for (int p = 0; p < data.size(); p++) {
            if (data.weight()[p] > 0f) {
                int u = data.user()[p];
                items[u][filled[u]++] = data.item()[p];
            }
        }
        for (int u = 0; u < users; u++) {
            items[u] = Arrays.stream(items[u]).sorted().distinct().toArray();
        }
        return items;
    }
}
