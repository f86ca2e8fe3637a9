package io.shelfwise.adapters.aws;

import static io.shelfwise.adapters.aws.Fixtures.BUCKET;
import static io.shelfwise.adapters.aws.Fixtures.NAMING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.PermissionDeniedException;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.recommendation.registry.GateResult;
import io.shelfwise.recommendation.registry.ModelRegistry;
import io.shelfwise.recommendation.registry.ModelVersion;
import io.shelfwise.recommendation.registry.TrainingSummary;
import io.shelfwise.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Against s3proxy, an S3 API server, in process on loopback. */
class S3ModelArtifactsTest {
    private static final TenantId SHOP = new TenantId("registry-shop");
    private static final TenantId OTHER = new TenantId("registry-other");
    private static final RecordingInterceptor SENT = new RecordingInterceptor();

    private static LocalS3 localS3;
    private static S3Client s3;

    private final AtomicInteger clientsPicked = new AtomicInteger();
    private final S3ModelArtifacts artifacts = new S3ModelArtifacts(tenant -> {
        clientsPicked.incrementAndGet();
        return s3;
    }, NAMING);

    @BeforeAll
    static void startS3() throws Exception {
        localS3 = LocalS3.start(BUCKET);
        s3 = localS3.client(SENT);
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
        if (localS3 != null) {
            localS3.close();
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        SENT.clear();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_stored_artifact_reads_back_byte_for_byte() {
        TenantId tenant = new TenantId("s3-roundtrip");
        byte[] model = {0, 1, 2, (byte) 0xff, 42};

        artifacts.put(tenant, "models/v1/model.bin", model);

        assertArrayEquals(model, artifacts.get(tenant, "models/v1/model.bin").orElseThrow());
    }

    @Test
    void an_artifact_is_stored_under_the_tenants_prefix_in_the_artifact_bucket() {
        TenantId tenant = new TenantId("s3-layout");

        artifacts.put(tenant, "models/v1/model.bin", bytes("weights"));

        assertEquals("weights", s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("s3-layout/models/v1/model.bin"))
                .asUtf8String());
    }

    @Test
    void a_missing_artifact_is_empty() {
        assertTrue(artifacts.get(new TenantId("s3-missing"), "models/v9/model.bin").isEmpty());
    }

    @Test
    void list_gives_the_names_under_a_prefix_relative_to_the_tenant_and_sorted() {
        TenantId tenant = new TenantId("s3-list");
        for (String name : List.of("models/v2/model.bin", "models/v10/model.bin", "models/v1/model.bin",
                "models/v1/metrics.json", "reports/eval.json")) {
            artifacts.put(tenant, name, bytes(name));
        }
        artifacts.put(new TenantId("s3-list-other"), "models/v1/model.bin", bytes("other"));

        assertEquals(List.of("models/v1/metrics.json", "models/v1/model.bin", "models/v10/model.bin",
                "models/v2/model.bin"), artifacts.list(tenant, "models/"));
        assertEquals(List.of("models/v1/metrics.json", "models/v1/model.bin"), artifacts.list(tenant, "models/v1/"));
        assertEquals(5, artifacts.list(tenant, "").size(), "an empty prefix lists all of the tenant's, no more");
        assertEquals(List.of(), artifacts.list(tenant, "nothing/"));
    }

    @Test
    void a_deleted_artifact_is_gone_and_deleting_it_again_is_fine() {
        TenantId tenant = new TenantId("s3-delete");
        artifacts.put(tenant, "models/v1/model.bin", bytes("w"));

        artifacts.delete(tenant, "models/v1/model.bin");
        artifacts.delete(tenant, "models/v1/model.bin");

        assertTrue(artifacts.get(tenant, "models/v1/model.bin").isEmpty());
        assertEquals(List.of(), artifacts.list(tenant, ""));
    }

    @Test
    void another_tenant_sees_none_of_a_tenants_artifacts_under_the_same_names() {
        TenantId owner = new TenantId("s3-owner");
        TenantId other = new TenantId("s3-other");
        artifacts.put(owner, "models/v1/model.bin", bytes("owner's"));

        assertTrue(artifacts.get(other, "models/v1/model.bin").isEmpty());
        assertEquals(List.of(), artifacts.list(other, ""));
        artifacts.delete(other, "models/v1/model.bin");
        assertEquals("owner's", new String(artifacts.get(owner, "models/v1/model.bin").orElseThrow(),
                StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "/models/v1/model.bin", "../s3-victim/model.bin", "models/../../s3-victim/x",
            "models//model.bin", "models/v1/..", ".", "./model.bin", "models/./model.bin", "models/.",
            "model\u0000.bin", "models/\nv1", "model\u007f"})
    void names_that_could_leave_the_tenants_prefix_are_rejected_before_any_request(String name) {
        TenantId tenant = new TenantId("s3-names");

        assertThrows(IllegalArgumentException.class, () -> artifacts.put(tenant, name, bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> artifacts.get(tenant, name));
        assertThrows(IllegalArgumentException.class, () -> artifacts.delete(tenant, name));
        if (!name.isEmpty()) {
            assertThrows(IllegalArgumentException.class, () -> artifacts.list(tenant, name));
        }
        assertEquals(List.of(), SENT.all());
    }

    @Test
    void a_scope_of_tenant_a_refuses_tenant_bs_keys_before_any_request_is_sent() {
        TenantScope scopeA = TenantScope.of(new TenantId("tenant-a"), NAMING);

        assertThrows(PermissionDeniedException.class, () -> artifacts.put(scopeA, "tenant-b/model.bin", bytes("x")));
        assertThrows(PermissionDeniedException.class, () -> artifacts.get(scopeA, "tenant-b/model.bin"));
        assertThrows(PermissionDeniedException.class, () -> artifacts.delete(scopeA, "tenant-b/model.bin"));
        assertThrows(PermissionDeniedException.class, () -> artifacts.list(scopeA, "tenant-b/"));
        assertThrows(PermissionDeniedException.class, () -> artifacts.list(scopeA, ""), "the whole bucket");
        assertThrows(PermissionDeniedException.class, () -> artifacts.put(scopeA, "model.bin", bytes("x")),
                "the bucket root");

        assertEquals(List.of(), SENT.all(), "nothing reached S3");
        assertEquals(0, clientsPicked.get(), "no client was even picked");
        assertThrows(NoSuchKeyException.class,
                () -> s3.headObject(r -> r.bucket(BUCKET).key("tenant-b/model.bin")).eTag());
    }

    @Test
    void a_scope_of_tenant_a_refuses_the_key_of_a_tenant_whose_id_extends_its_own() {
        TenantScope scopeA = TenantScope.of(new TenantId("tenant-a"), NAMING);

        assertThrows(PermissionDeniedException.class, () -> artifacts.put(scopeA, "tenant-ab/model.bin", bytes("x")));
        assertThrows(PermissionDeniedException.class, () -> artifacts.list(scopeA, "tenant-a"));
        assertFalse(SENT.all().iterator().hasNext());
    }

    private static FactorModel model(float first) {
        return new FactorModel(new LearnedFactors(2, List.of(new ItemId("boots"), new ItemId("hat")),
                new float[] {first, 0.5f, -1f, 2f}, List.of(), new float[0]), 10, 0.03);
    }

    private static ModelVersion version(int n) {
        return new ModelVersion(n, ModelVersion.Status.INACTIVE, Instant.parse("2026-11-20T10:00:00Z"),
                Instant.parse("2026-11-13T00:00:00Z"),
                new TrainingSummary(1000, 800, 50, 40, 2, 10, 0.125, Duration.ofMillis(1500)),
                new GateResult("popularity", "mean NDCG@20 of home and cart", 0.3, 0.2, 0.02, true, "led by 50 %",
                        List.of(new EvaluationReport("candidate", Surface.CART, 20, 12, 0.5, 0.3, 0.25, 0.1))));
    }

    /** The model registry over this adapter: versions, the active pointer and rollback under the tenant prefix. */
    @Test
    void the_model_registry_keeps_versions_pointer_and_rollback_under_the_tenants_prefix() {
        ModelRegistry registry = new ModelRegistry(artifacts);
        registry.add(SHOP, version(1), model(1));
        registry.add(SHOP, version(2), model(2));
        registry.promote(SHOP, 1);
        registry.promote(SHOP, 2);

        assertEquals(List.of(2, 1), registry.versions(SHOP).stream().map(ModelVersion::version).toList());
        assertEquals(version(1).withStatus(ModelVersion.Status.INACTIVE), registry.version(SHOP, 1).orElseThrow());
        assertArrayEquals(model(2).factors().itemVectors(), registry.load(SHOP, 2).factors().itemVectors());
        assertEquals(1, registry.rollback(SHOP).version());
        assertEquals(OptionalInt.of(1), registry.activeVersion(SHOP));

        List<String> keys = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(BUCKET).build()).contents()
                .stream().map(S3Object::key).filter(k -> k.contains("registry-")).toList();
        assertEquals(List.of("registry-shop/models/active.properties", "registry-shop/models/v000001/factors.bin",
                "registry-shop/models/v000001/model.properties", "registry-shop/models/v000002/factors.bin",
                "registry-shop/models/v000002/model.properties"), keys);

        assertTrue(registry.versions(OTHER).isEmpty());
        assertTrue(registry.activeVersion(OTHER).isEmpty());
        assertThrows(NotFoundException.class, () -> registry.promote(OTHER, 1));
    }
}
