package io.shelfwise.adapters.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAdaptersTest {
    private static final PlatformNaming NAMING = new PlatformNaming("shelfwise", "artifacts", "local",
            "000000000000", "oidc.local");
    private final TenantId a = new TenantId("tenant-a");
    private final TenantId b = new TenantId("tenant-b");

    @TempDir
    Path dir;

    @Test
    void artifacts_round_trip_and_list_by_prefix_per_tenant() {
        LocalDirectoryModelArtifacts artifacts = new LocalDirectoryModelArtifacts(dir);
        artifacts.put(a, "models/v1/model.bin", bytes("one"));
        artifacts.put(a, "models/v2/model.bin", bytes("two"));
        artifacts.put(a, "reports/v1.json", bytes("{}"));
        artifacts.put(b, "models/v1/model.bin", bytes("b's"));
        assertArrayEquals(bytes("one"), artifacts.get(a, "models/v1/model.bin").orElseThrow());
        assertEquals(List.of("models/v1/model.bin", "models/v2/model.bin"), artifacts.list(a, "models/"));
        assertArrayEquals(bytes("b's"), artifacts.get(b, "models/v1/model.bin").orElseThrow());
        artifacts.delete(a, "models/v1/model.bin");
        assertTrue(artifacts.get(a, "models/v1/model.bin").isEmpty());
        assertTrue(artifacts.get(b, "models/v1/model.bin").isPresent());
    }

    @Test
    void a_name_can_never_reach_another_tenants_files() {
        LocalDirectoryModelArtifacts artifacts = new LocalDirectoryModelArtifacts(dir);
        artifacts.put(b, "secret.bin", bytes("b's"));
        for (String name : List.of("../tenant-b/secret.bin", "/etc/passwd", "models/../../tenant-b/secret.bin",
                "a//b", "", "x/./y", "models/")) {
            assertThrows(IllegalArgumentException.class, () -> artifacts.get(a, name), name);
            assertThrows(IllegalArgumentException.class, () -> artifacts.put(a, name, bytes("x")), name);
        }
        assertArrayEquals(bytes("b's"), artifacts.get(b, "secret.bin").orElseThrow());
    }

    @Test
    void identity_records_the_role_and_exactly_the_tenants_grants_and_is_removed_on_offboarding() throws Exception {
        LocalTenantIdentity identity = new LocalTenantIdentity(dir, NAMING);
        String arn = identity.ensure(IsolationPolicy.derive(a, NAMING));
        assertEquals("arn:aws:iam::000000000000:role/shelfwise-tenant-tenant-a", arn);
        String recorded = Files.readString(dir.resolve("identity/tenant-a.json"));
        assertTrue(recorded.contains("arn:aws:s3:::artifacts/tenant-a/*"), recorded);
        assertFalse(recorded.contains("tenant-b"));
        identity.remove(a);
        assertFalse(Files.exists(dir.resolve("identity/tenant-a.json")));
        identity.remove(a);
    }

    @Test
    void data_stores_create_and_remove_only_the_tenants_directory() {
        LocalTenantDataStores stores = new LocalTenantDataStores(dir);
        LocalDirectoryModelArtifacts artifacts = new LocalDirectoryModelArtifacts(dir);
        stores.ensure(TenantScope.of(a, NAMING));
        stores.ensure(TenantScope.of(b, NAMING));
        artifacts.put(a, "m.bin", bytes("a"));
        artifacts.put(b, "m.bin", bytes("b"));
        stores.remove(TenantScope.of(a, NAMING));
        assertTrue(artifacts.list(a, "").isEmpty());
        assertEquals(List.of("m.bin"), artifacts.list(b, ""));
        stores.remove(TenantScope.of(a, NAMING));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
