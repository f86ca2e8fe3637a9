package io.shelfwise.recommendation.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ItemGraphTest {

    @Test
    void a_graph_of_at_most_65536_items_keeps_every_index_and_takes_four_bytes_a_neighbour() {
        ItemGraph graph = ItemGraph.build(1 << 16, sessions(0, (1 << 16) - 1, 40_000), 50, 10, 0.5);

        assertEquals((1 << 16) - 1, graph.neighbour(0, 0));
        assertEquals(0, graph.neighbour((1 << 16) - 1, 0));
        assertEquals(40_000, graph.neighbour(0, 1));
        // Cosines (α = 0.5): a → b 2 / √(3 · 2), a → c 1 / √3; held within half a step of the row's largest.
        assertEquals(2 / Math.sqrt(6), graph.similarity(0, 0), 2 / Math.sqrt(6) / 131_070 * 1.01);
        assertEquals(1 / Math.sqrt(3), graph.similarity(0, 1), 2 / Math.sqrt(6) / 131_070 * 1.01);
        assertEquals(4L * ((1 << 16) + 1) + 4L * (1 << 16) + 4L * 4, graph.bytes());
    }

    @Test
    void a_graph_of_more_items_keeps_indexes_above_16_bits() {
        ItemGraph graph = ItemGraph.build(70_000, sessions(0, 69_999, 65_536), 50, 10, 0.5);

        assertEquals(69_999, graph.neighbour(0, 0));
        assertEquals(65_536, graph.neighbour(0, 1));
        assertEquals(0, graph.neighbour(65_536, 0));
        assertEquals(4L * 70_001 + 4L * 70_000 + 6L * 4, graph.bytes());
    }

    /** Items a and b together in two sessions, a and c in one: b is a's nearest neighbour, c the next. */
    private static List<ItemGraph.WeightedSession> sessions(int a, int b, int c) {
        return List.of(
                new ItemGraph.WeightedSession(new int[]{a, b}, new double[]{1, 1}),
                new ItemGraph.WeightedSession(new int[]{a, b}, new double[]{1, 1}),
                new ItemGraph.WeightedSession(new int[]{a, c}, new double[]{1, 1}));
    }
}
