package io.shelfwise.testing;

import io.shelfwise.recommendation.port.out.ModelArtifacts;
import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The model artifact port in memory, keyed by tenant and name; {@code files} is open for tests that tamper. */
public final class InMemoryModelArtifacts implements ModelArtifacts {
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public void put(TenantId tenant, String name, byte[] content) {
        files.put(tenant.value() + "/" + name, content.clone());
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, String name) {
        return Optional.ofNullable(files.get(tenant.value() + "/" + name)).map(byte[]::clone);
    }

    @Override
    public List<String> list(TenantId tenant, String prefix) {
        String start = tenant.value() + "/" + prefix;
        return files.keySet().stream().filter(k -> k.startsWith(start))
                .map(k -> k.substring(tenant.value().length() + 1)).sorted().toList();
    }

    @Override
    public void delete(TenantId tenant, String name) {
        files.remove(tenant.value() + "/" + name);
    }
}
