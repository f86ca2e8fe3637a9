package io.shelfwise.adapters.local;

import io.shelfwise.isolation.TenantScope;
import io.shelfwise.provisioning.port.out.TenantDataStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Embedded mode's per-tenant data stores: the tenant's artifact directory. Its rows in the shared SQL database
 * need no creation (every row carries the tenant id).
 */
public final class LocalTenantDataStores implements TenantDataStores {
    private final java.nio.file.Path dataDir;

    public LocalTenantDataStores(java.nio.file.Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public void ensure(TenantScope scope) {
        try {
            Files.createDirectories(TenantDirectories.artifacts(dataDir, scope.tenant()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact directory of " + scope.tenant(), e);
        }
    }

    @Override
    public void remove(TenantScope scope) {
        TenantDirectories.deleteTree(TenantDirectories.artifacts(dataDir, scope.tenant()));
    }
}
