package io.shelfwise.recommendation.ranking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.ShortBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Models whose large arrays are held outside the heap rank exactly as they do on it. */
class ModelMemoryTest {
    /** 3,000 items: three blocks of the factor scorer, the last one short, and a partial last panel. */
    private static final int ITEMS = 3_000;
    private static final List<ItemId> IDS = numbered(ITEMS);

    /** Direct buffers: off the heap, no backing array, as memory-mapped ones; counts what it was handed. */
    private static final class Direct implements ModelMemory {
        final AtomicInteger arrays = new AtomicInteger();

        @Override
        public ShortBuffer shorts(short[] values) {
            arrays.incrementAndGet();
            ShortBuffer held = ByteBuffer.allocateDirect(2 * values.length).order(ByteOrder.nativeOrder())
                    .asShortBuffer();
            return held.put(values).asReadOnlyBuffer();
        }

        @Override
        public CharBuffer chars(char[] values) {
            arrays.incrementAndGet();
            CharBuffer held = ByteBuffer.allocateDirect(2 * values.length).order(ByteOrder.nativeOrder())
                    .asCharBuffer();
            return held.put(values).asReadOnlyBuffer();
        }
    }

    @Test
    void a_factor_ranker_with_its_panels_off_the_heap_lists_what_it_lists_on_the_heap_and_weighs_less() {
        SplittableRandom random = new SplittableRandom(3);
        int dim = 12;
        float[] vectors = new float[ITEMS * dim];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) (random.nextDouble() - 0.5);
        }
        FactorRanker onHeap = new FactorModel(new LearnedFactors(dim, IDS, vectors, List.of(), new float[0]), 10, 0.1)
                .ranker("ials", id -> !id.value().endsWith("7"), new PopularityRanker(IDS.subList(0, 50), id -> true));
        Direct direct = new Direct();
        FactorRanker off = onHeap.movedTo(direct);

        assertEquals(1, direct.arrays.get(), "the panels");
        for (int h = 0; h < 20; h++) {
            List<Interaction> history = history(random, 6);
            assertEquals(onHeap.home(history, 40), off.home(history, 40));
            assertEquals(onHeap.home(history, 2_000), off.home(history, 2_000), "the exact pass too");
            List<ItemId> cart = List.of(IDS.get(random.nextInt(ITEMS)), IDS.get(random.nextInt(ITEMS)));
            assertEquals(onHeap.cart(cart, history, 20), off.cart(cart, history, 20));
            assertEquals(onHeap.similar(cart.get(0), 20), off.similar(cart.get(0), 20));
            assertArrayEquals(onHeap.foldIn(history), off.foldIn(history));
        }
        assertArrayEquals(onHeap.vector(ITEMS - 1), off.vector(ITEMS - 1));
        long panels = 2L * BlockScorer.length(ITEMS, dim);
        assertEquals(onHeap.bytes() - panels, off.bytes(), "the panels no longer count on the heap");
        assertSame(onHeap, onHeap.movedTo(ModelMemory.HEAP), "the heap keeps the ranker as it is");
    }

    @Test
    void an_ease_model_with_its_weights_and_columns_off_the_heap_holds_and_ranks_the_same() {
        SplittableRandom random = new SplittableRandom(5);
        int keep = 20;
        int[] rowStart = new int[ITEMS + 1];
        int[] columns = new int[ITEMS * keep];
        float[] weights = new float[ITEMS * keep];
        for (int row = 0; row < ITEMS; row++) {
            rowStart[row + 1] = (row + 1) * keep;
            for (int c = 0; c < keep; c++) {
                columns[row * keep + c] = random.nextInt(ITEMS);
                weights[row * keep + c] = (float) (random.nextDouble() - 0.2);
            }
        }
        SparseItemModel onHeap = new SparseItemModel(IDS, rowStart, columns, weights);
        Direct direct = new Direct();
        SparseItemModel off = onHeap.movedTo(direct);

        assertEquals(2, direct.arrays.get(), "columns and weights");
        assertArrayEquals(onHeap.weights(), off.weights());
        assertArrayEquals(onHeap.columns(), off.columns());
        PopularityRanker bestsellers = new PopularityRanker(IDS.subList(0, 30), id -> true);
        Ranker heapRanker = onHeap.ranker("ease", id -> true, bestsellers, EventWeights.standard());
        Ranker offRanker = off.ranker("ease", id -> true, bestsellers, EventWeights.standard());
        for (int h = 0; h < 20; h++) {
            List<Interaction> history = history(random, 5);
            assertEquals(heapRanker.home(history, 30), offRanker.home(history, 30));
            assertEquals(heapRanker.similar(history.get(0).item(), 10), offRanker.similar(history.get(0).item(), 10));
        }
        assertEquals(onHeap.bytes() - 4L * ITEMS * keep, off.bytes(), "2 bytes a weight and 2 a column");
    }

    @Test
    void a_cooccurrence_model_with_its_graphs_off_the_heap_finds_the_same_neighbours() {
        SplittableRandom random = new SplittableRandom(11);
        List<ShopperEvent> events = new ArrayList<>();
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        for (int s = 0; s < 4_000; s++) {
            Instant at = start.plusSeconds(s * 60L);
            // Sessions over a neighbourhood of items, so that the graphs have rows worth keeping.
            int base = random.nextInt(ITEMS - 10);
            for (int e = 0; e < 4; e++) {
                events.add(new ShopperEvent("e" + s + "-" + e, e == 3 ? EventType.ADD_TO_CART : EventType.VIEW,
                        "u" + s, null, List.of(IDS.get(base + random.nextInt(10))), null, null, null,
                        null, null, at.plusSeconds(e), null));
            }
        }
        PopularityRanker popularity = PopularityRanker.train(events, id -> true, PopularityModel.standard());
        CooccurrenceModel onHeap = CooccurrenceModel.train(events, id -> true, popularity,
                CooccurrenceModel.Config.defaults());
        Direct direct = new Direct();
        CooccurrenceModel off = onHeap.movedTo(direct);

        assertEquals(4, direct.arrays.get(), "neighbours and similarities of both graphs");
        assertTrue(off.bytes() < onHeap.bytes(), "the graphs' rows no longer count on the heap");
        for (int i = 0; i < ITEMS; i += 37) {
            ItemId item = IDS.get(i);
            assertEquals(onHeap.neighbours(item), off.neighbours(item));
            assertEquals(onHeap.similar(item, 10), off.similar(item, 10));
            assertEquals(onHeap.cart(List.of(item), List.of(), 10), off.cart(List.of(item), List.of(), 10));
        }
        List<Interaction> history = history(random, 8);
        assertEquals(onHeap.home(history, 20), off.home(history, 20));
    }

    private static List<Interaction> history(SplittableRandom random, int length) {
        List<Interaction> history = new ArrayList<>();
        Instant at = Instant.parse("2026-03-02T00:00:00Z");
        for (int e = 0; e < length; e++) {
            EventType type = e % 3 == 2 ? EventType.ADD_TO_CART : EventType.VIEW;
            history.add(new Interaction(IDS.get(random.nextInt(ITEMS)), type, at.plusSeconds(e)));
        }
        return history;
    }

    private static List<ItemId> numbered(int n) {
        List<ItemId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(new ItemId("i" + i));
        }
        return List.copyOf(ids);
    }
}
