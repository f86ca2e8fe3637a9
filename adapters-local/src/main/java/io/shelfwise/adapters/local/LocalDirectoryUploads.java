package io.shelfwise.adapters.local;

import io.shelfwise.onboarding.port.out.UploadStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Uploaded data files in {@code <data dir>/uploads/<upload id>/}, a directory the onboarding reads as it is. */
public final class LocalDirectoryUploads implements UploadStore {
    private final Path root;

    public LocalDirectoryUploads(Path dataDir) {
        this.root = dataDir.resolve("uploads");
    }

    @Override
    public String create(String id) {
        try {
            return Files.createDirectories(root.resolve(id)).toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create upload " + id, e);
        }
    }

    @Override
    public Optional<String> location(String id) {
        Path dir = root.resolve(id);
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().toString()) : Optional.empty();
    }

    @Override
    public Map<String, Long> files(String id) {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve(id))) {
            for (Path file : files.toList()) {
                sizes.put(file.getFileName().toString(), Files.size(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list upload " + id, e);
        }
        return sizes;
    }

    @Override
    public void append(String id, String file, byte[] bytes) {
        try {
            Files.write(root.resolve(id).resolve(file), bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " of upload " + id, e);
        }
    }
}
