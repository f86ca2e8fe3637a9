package io.shelfwise.adapters.memory;

import io.shelfwise.recommendation.ranking.ModelMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Served models' large arrays in memory-mapped files, outside the Java heap: each array is written to a file of its
 * own under the directory, mapped read-only, and the file's name removed at once (the mapping keeps its pages;
 * they go when the model holding them is collected). The operating system holds the pages in its page cache and
 * may drop them under memory pressure, reading them in again from the file when a request touches them. A pooled
 * process's heap then holds its tenants' objects, not their models' numbers.
 *
 * <p>An array goes to the heap instead, as {@link ModelMemory#HEAP} holds it, when it is small (by default under
 * {@link #SMALLEST_MAPPED} bytes: a mapping takes whole pages of 4 kB), when {@link #MAX_ARRAYS} arrays are mapped
 * already (each mapping counts against the kernel's limit per process, 65,530 by default, and is released only when
 * its model is collected), or when its file cannot be written (a full disk): the values are written before they are
 * mapped, so a full disk is an error here, logged, and never a fault on a later read. Nothing survives a restart:
 * files a process that died between writing and removing one left behind are removed when the next one opens the
 * directory.
 */
public final class MappedModelMemory implements ModelMemory {
    /** By default, arrays smaller than this are held on the heap. */
    public static final int SMALLEST_MAPPED = 16 * 1024;
    /** Arrays mapped at most at once; more go to the heap. */
    public static final int MAX_ARRAYS = 30_000;
    private static final System.Logger LOG = System.getLogger(MappedModelMemory.class.getName());
    private static final String SUFFIX = ".array";
    /** This class's own file names: a sequence number and a nanosecond stamp. */
    private static final Pattern OWN_FILE = Pattern.compile("[0-9]+-[0-9]+\\.array");
    /** One cleaner thread for every instance (a platform started again in the same JVM makes another instance). */
    private static final Cleaner CLEANER = Cleaner.create();

    private final Path directory;
    private final int smallestMapped;
    private final AtomicLong mapped = new AtomicLong();
    private final AtomicLong arrays = new AtomicLong();
    private final AtomicLong names = new AtomicLong();
    private final AtomicLong onHeapInstead = new AtomicLong();

    private MappedModelMemory(Path directory, int smallestMapped) {
        this.directory = directory;
        this.smallestMapped = smallestMapped;
    }

    /** Maps arrays under {@code directory}, created if missing; removes the files an earlier process left there. */
    public static MappedModelMemory in(Path directory) {
        return in(directory, SMALLEST_MAPPED);
    }

    /** As {@link #in(Path)}, keeping arrays of fewer than {@code smallestMapped} bytes on the heap. */
    public static MappedModelMemory in(Path directory, int smallestMapped) {
        if (smallestMapped < 1) {
            throw new IllegalArgumentException("smallestMapped must be at least 1 byte");
        }
        try {
            Files.createDirectories(directory);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
                for (Path leftover : leftovers) {
                    if (OWN_FILE.matcher(leftover.getFileName().toString()).matches()) {
                        Files.deleteIfExists(leftover);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + directory + " for model arrays", e);
        }
        return new MappedModelMemory(directory, smallestMapped);
    }

    @Override
    public ShortBuffer shorts(short[] values) {
        ByteBuffer held = held(2L * values.length, bytes -> bytes.asShortBuffer().put(values));
        return held == null ? ModelMemory.HEAP.shorts(values) : held.asShortBuffer();
    }

    @Override
    public CharBuffer chars(char[] values) {
        ByteBuffer held = held(2L * values.length, bytes -> bytes.asCharBuffer().put(values));
        return held == null ? ModelMemory.HEAP.chars(values) : held.asCharBuffer();
    }

    /** Bytes mapped by arrays still reachable (their models not yet collected). */
    public long mappedBytes() {
        return mapped.get();
    }

    /** Arrays mapped and still reachable. */
    public long mappedArrays() {
        return arrays.get();
    }

    /** Arrays held on the heap because they could not be mapped (the limit on arrays, or a file not written). */
    public long heldOnHeapInstead() {
        return onHeapInstead.get();
    }

    /**
     * {@code size} bytes that {@code fill} writes, mapped read-only in the platform's byte order and counted as held
     * until collected; null where they go to the heap instead (small, over the limit, or not written).
     */
    private ByteBuffer held(long size, Consumer<ByteBuffer> fill) {
        if (size < smallestMapped) {
            return null;
        }
        if (arrays.get() >= MAX_ARRAYS) {
            return onHeap("limit", "arrays=" + arrays.get());
        }
        if (size > Integer.MAX_VALUE) {
            return onHeap("too_large", "bytes=" + size);
        }
        ByteBuffer contents = ByteBuffer.allocate((int) size).order(ByteOrder.nativeOrder());
        fill.accept(contents);
        ByteBuffer buffer;
        try {
            buffer = map(contents);
        } catch (IOException e) {
            return onHeap("not_written", "error=" + e);
        }
        ByteBuffer view = buffer.order(ByteOrder.nativeOrder());
        mapped.addAndGet(size);
        arrays.incrementAndGet();
        // Registered on the view a model keeps (directly or through its short or char view, which refers to it).
        CLEANER.register(view, new Released(mapped, arrays, size));
        return view;
    }

    /** What a collected array gives back; holds no reference to the array itself. */
    private record Released(AtomicLong mapped, AtomicLong arrays, long size) implements Runnable {
        @Override
        public void run() {
            mapped.addAndGet(-size);
            arrays.decrementAndGet();
        }
    }

    private ByteBuffer onHeap(String why, String detail) {
        long total = onHeapInstead.incrementAndGet();
        if (total == 1 || total % 1_000 == 0) {
            LOG.log(System.Logger.Level.WARNING, "event=model_array_on_heap reason=" + why + " " + detail
                    + " total=" + total + " directory=" + directory);
        }
        return null;
    }

    /** Writes {@code contents} to a new file, maps it read-only and removes the file's name. */
    private ByteBuffer map(ByteBuffer contents) throws IOException {
        Path file = directory.resolve(names.incrementAndGet() + "-" + System.nanoTime() + SUFFIX);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            contents.rewind();
            while (contents.hasRemaining()) {
                channel.write(contents);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, contents.capacity());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "event=model_array_file_not_removed file=" + file
                        + " error=" + e);
            }
        }
    }
}
