package io.shelfwise.adapters.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.FactorRanker;
import io.shelfwise.recommendation.ranking.Interaction;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.PopularityRanker;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedModelMemoryTest {
    @TempDir
    Path dir;

    @Test
    void an_array_is_held_off_the_heap_read_only_with_the_values_it_was_given_and_leaves_no_file_behind()
            throws IOException {
        MappedModelMemory memory = MappedModelMemory.in(dir);
        short[] shorts = new short[40_000];
        char[] chars = new char[30_000];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < shorts.length; i++) {
            shorts[i] = (short) random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
        }
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
        }

        ShortBuffer heldShorts = memory.shorts(shorts.clone());
        CharBuffer heldChars = memory.chars(chars.clone());

        assertTrue(heldShorts.isDirect() && heldChars.isDirect(), "outside the heap");
        assertFalse(heldShorts.hasArray());
        short[] backShorts = new short[shorts.length];
        heldShorts.get(0, backShorts);
        assertArrayEquals(shorts, backShorts);
        char[] backChars = new char[chars.length];
        heldChars.get(0, backChars);
        assertArrayEquals(chars, backChars);
        assertThrows(ReadOnlyBufferException.class, () -> heldShorts.put(0, (short) 1));
        assertEquals(2L * (shorts.length + chars.length), memory.mappedBytes());
        assertEquals(2, memory.mappedArrays());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "each file's name is removed once it is mapped");
        }
        // Held until here, so that the counts above cannot see them collected.
        java.lang.ref.Reference.reachabilityFence(heldShorts);
        java.lang.ref.Reference.reachabilityFence(heldChars);
    }

    @Test
    void an_array_whose_file_cannot_be_written_is_held_on_the_heap_with_its_values() throws IOException {
        MappedModelMemory memory = MappedModelMemory.in(dir);
        Files.delete(dir);
        short[] values = new short[20_000];
        values[7] = 7;
        ShortBuffer held = memory.shorts(values.clone());
        assertFalse(held.isDirect());
        assertEquals(7, held.get(7));
        assertEquals(1, memory.heldOnHeapInstead());
        assertEquals(0, memory.mappedBytes());
    }

    @Test
    void small_arrays_stay_on_the_heap() {
        MappedModelMemory memory = MappedModelMemory.in(dir);
        short[] small = new short[MappedModelMemory.SMALLEST_MAPPED / 2 - 1];
        ShortBuffer held = memory.shorts(small);
        assertFalse(held.isDirect());
        assertEquals(0, memory.mappedBytes());
    }

    @Test
    void files_a_dead_process_left_are_removed_when_the_directory_is_opened_again() throws IOException {
        Path leftover = Files.write(dir.resolve("7-123.array"), new byte[4096]);
        Path other = Files.write(dir.resolve("notes.txt"), new byte[1]);
        Path sameSuffix = Files.write(dir.resolve("notes.array"), new byte[1]);
        MappedModelMemory.in(dir);
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(other) && Files.exists(sameSuffix), "only files named as it names them");
    }

    @Test
    void a_factor_ranker_scores_from_mapped_panels_as_from_the_heap() {
        int items = 5_000;
        int dim = 32;
        List<ItemId> ids = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            ids.add(new ItemId("item-" + i));
        }
        SplittableRandom random = new SplittableRandom(9);
        float[] vectors = new float[items * dim];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) (random.nextDouble() - 0.5);
        }
        FactorRanker onHeap = new FactorModel(new LearnedFactors(dim, ids, vectors, List.of(), new float[0]), 10, 0.1)
                .ranker("ials", id -> true, new PopularityRanker(ids.subList(0, 10), id -> true));
        MappedModelMemory memory = MappedModelMemory.in(dir);
        FactorRanker mapped = onHeap.movedTo(memory);

        assertTrue(memory.mappedBytes() >= 2L * items * dim, "the panels are mapped: " + memory.mappedBytes());
        for (int h = 0; h < 10; h++) {
            List<Interaction> history = List.of(
                    new Interaction(ids.get(random.nextInt(items)), EventType.VIEW, Instant.EPOCH),
                    new Interaction(ids.get(random.nextInt(items)), EventType.ADD_TO_CART, Instant.EPOCH));
            assertEquals(onHeap.home(history, 50), mapped.home(history, 50));
            assertEquals(onHeap.similar(ids.get(h), 20), mapped.similar(ids.get(h), 20));
        }
    }
}
