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

/**
 * Served models' large arrays in memory-mapped files, outside the Java heap: each array is written to a file of its
 * own under the directory, mapped, and the file's name removed at once (the mapping keeps its pages; they go when
 * the model holding them is collected). The operating system holds the pages in its page cache, writes them back
 * to the file and may drop them under memory pressure, reading them in again when a request touches them. A
 * pooled process's heap then holds its tenants' objects, not their models' numbers.
 *
 * <p>Small arrays (by default under {@link #SMALLEST_MAPPED} bytes) stay on the heap: a mapping takes whole pages
 * of 4 kB.
 * Nothing survives a restart: leftovers of a process that died between writing a file and removing its name are
 * removed when the next one opens the directory.
 */
public final class MappedModelMemory implements ModelMemory {
    /** By default, arrays smaller than this are held on the heap. */
    public static final int SMALLEST_MAPPED = 16 * 1024;
    private static final String SUFFIX = ".array";

    private final Path directory;
    private final int smallestMapped;
    private final Cleaner cleaner = Cleaner.create();
    private final AtomicLong mapped = new AtomicLong();
    private final AtomicLong arrays = new AtomicLong();
    private final AtomicLong names = new AtomicLong();

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
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + directory + " for model arrays", e);
        }
        return new MappedModelMemory(directory, smallestMapped);
    }

    @Override
    public ShortBuffer shorts(short[] values) {
        long size = 2L * values.length;
        return size < smallestMapped ? ModelMemory.HEAP.shorts(values)
                : held(map(size, bytes -> bytes.asShortBuffer().put(values)).asShortBuffer().asReadOnlyBuffer(), size);
    }

    @Override
    public CharBuffer chars(char[] values) {
        long size = 2L * values.length;
        return size < smallestMapped ? ModelMemory.HEAP.chars(values)
                : held(map(size, bytes -> bytes.asCharBuffer().put(values)).asCharBuffer().asReadOnlyBuffer(), size);
    }

    /** Bytes mapped by arrays still reachable (their models not yet collected). */
    public long mappedBytes() {
        return mapped.get();
    }

    /** Arrays mapped and still reachable. */
    public long mappedArrays() {
        return arrays.get();
    }

    /**
     * A new file of {@code size} bytes, mapped in the platform's byte order and written by {@code fill}, its name
     * already removed.
     */
    private ByteBuffer map(long size, java.util.function.Consumer<ByteBuffer> fill) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an array of " + size + " bytes is too large to map");
        }
        Path file = directory.resolve(names.incrementAndGet() + "-" + System.nanoTime() + SUFFIX);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size).order(ByteOrder.nativeOrder());
            fill.accept(buffer);
            return buffer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + size + " bytes in " + directory, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.getLogger(MappedModelMemory.class.getName()).log(System.Logger.Level.WARNING,
                        "event=model_array_file_not_removed file=" + file + " error=" + e);
            }
        }
    }

    /** Counts {@code buffer} as held until it is collected. */
    private <B extends java.nio.Buffer> B held(B buffer, long size) {
        mapped.addAndGet(size);
        arrays.incrementAndGet();
        cleaner.register(buffer, () -> {
            mapped.addAndGet(-size);
            arrays.decrementAndGet();
        });
        return buffer;
    }
}
