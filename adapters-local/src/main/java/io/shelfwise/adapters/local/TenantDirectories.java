package io.shelfwise.adapters.local;

import io.shelfwise.tenancy.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The embedded platform's per-tenant directories under the data directory. */
final class TenantDirectories {
    private TenantDirectories() {
    }

    static Path artifacts(Path dataDir, TenantId tenant) {
        return dataDir.resolve("artifacts").resolve(tenant.value());
    }

    static Path identity(Path dataDir, TenantId tenant) {
        return dataDir.resolve("identity").resolve(tenant.value() + ".json");
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
