package io.shelfwise.adapters.aws;

import static io.shelfwise.adapters.aws.Fixtures.BUCKET;
import static io.shelfwise.adapters.aws.Fixtures.NAMING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.recommendation.LearnedFactors;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.evaluation.Surface;
import io.shelfwise.recommendation.model.FactorModel;
import io.shelfwise.recommendation.model.GateResult;
import io.shelfwise.recommendation.model.ModelRegistry;
import io.shelfwise.recommendation.model.ModelVersion;
import io.shelfwise.recommendation.model.TrainingSummary;
import io.shelfwise.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The model registry on S3 (s3proxy in process): versions, the active pointer and rollback under the tenant prefix. */
class S3ModelRegistryTest {
    private static final TenantId SHOP = new TenantId("registry-shop");
    private static final TenantId OTHER = new TenantId("registry-other");

    private static LocalS3 localS3;
    private static S3Client s3;
    private static ModelRegistry registry;

    @BeforeAll
    static void startS3() throws Exception {
        localS3 = LocalS3.start(BUCKET);
        s3 = localS3.client(new RecordingInterceptor());
        registry = new ModelRegistry(new S3ModelArtifacts(tenant -> s3, NAMING));
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

    @Test
    void versions_promotion_and_rollback_live_under_the_tenants_prefix() {
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
