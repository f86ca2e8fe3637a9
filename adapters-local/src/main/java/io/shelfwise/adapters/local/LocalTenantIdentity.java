package io.shelfwise.adapters.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.port.out.TenantIdentity;
import io.shelfwise.tenancy.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Embedded mode has no cloud account, so a tenant's identity is a record of the role it would have and the
 * isolation policy it would carry, in {@code <data-dir>/identity/<tenant>.json}; the policy is still enforced
 * in process by the adapters' tenant scope.
 */
public final class LocalTenantIdentity implements TenantIdentity {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dataDir;
    private final PlatformNaming naming;

    public LocalTenantIdentity(Path dataDir, PlatformNaming naming) {
        this.dataDir = dataDir;
        this.naming = naming;
    }

    @Override
    public String ensure(IsolationPolicy policy) {
        String roleArn = naming.roleArn(policy.tenant());
        Path file = TenantDirectories.identity(dataDir, policy.tenant());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(Map.of("roleArn", roleArn, "grants", policy.grants())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the identity of " + policy.tenant(), e);
        }
        return roleArn;
    }

    @Override
    public void remove(TenantId tenant) {
        try {
            Files.deleteIfExists(TenantDirectories.identity(dataDir, tenant));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the identity of " + tenant, e);
        }
    }
}
