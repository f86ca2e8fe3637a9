package io.shelfwise.adapters.local;

import io.shelfwise.recommendation.port.out.ModelArtifacts;
import io.shelfwise.tenancy.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Model artifacts as files under {@code <data-dir>/artifacts/<tenant>/}. A name can never leave the tenant's
 * directory: names with {@code ..}, absolute paths or empty segments are refused before any file is touched.
 */
public final class LocalDirectoryModelArtifacts implements ModelArtifacts {
    private final Path dataDir;

    public LocalDirectoryModelArtifacts(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public void put(TenantId tenant, String name, byte[] content) {
        Path file = fileOf(tenant, name);
        try {
            Files.createDirectories(file.getParent());
            // Written aside and moved in place, so a reader never sees half an artifact.
            Path partial = Files.createTempFile(file.getParent(), ".partial-", "");
            Files.write(partial, content);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write artifact " + name + " of " + tenant, e);
        }
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, String name) {
        try {
            return Optional.of(Files.readAllBytes(fileOf(tenant, name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + name + " of " + tenant, e);
        }
    }

    @Override
    public List<String> list(TenantId tenant, String prefix) {
        Path root = TenantDirectories.artifacts(dataDir, tenant);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>();
        try {
            // A walk that skips entries vanishing under it: a concurrent put renames its partial file away.
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file,
                                                               java.nio.file.attribute.BasicFileAttributes attrs) {
                    String n = root.relativize(file).toString().replace('\\', '/');
                    if (attrs.isRegularFile() && n.startsWith(prefix) && !n.contains("/.partial-")
                            && !n.startsWith(".partial-")) {
                        names.add(n);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
            return names.stream().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list artifacts of " + tenant, e);
        }
    }

    @Override
    public void delete(TenantId tenant, String name) {
        try {
            Files.deleteIfExists(fileOf(tenant, name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete artifact " + name + " of " + tenant, e);
        }
    }

    private Path fileOf(TenantId tenant, String name) {
        ArtifactNames.check(name);
        Path root = TenantDirectories.artifacts(dataDir, tenant).toAbsolutePath().normalize();
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("artifact name leaves the tenant's space: " + name);
        }
        return file;
    }
}
