package io.shelfwise.recommendation.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.ranking.HomeRecipe;
import io.shelfwise.recommendation.ranking.Surface;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.testing.InMemoryModelArtifacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

public class ModelRegistryTest {
    private static final TenantId A = new TenantId("shop-a");
    private static final TenantId B = new TenantId("shop-b");

    private final InMemoryModelArtifacts artifacts = new InMemoryModelArtifacts();
    private final ModelRegistry registry = new ModelRegistry(artifacts);

    public static FactorModel model(float value) {
        return new FactorModel(new LearnedFactors(1, List.of(new ItemId("x")), new float[] {value}, List.of(),
                new float[0]), 10, 0.03);
    }

    public static ModelVersion version(int n, boolean passed) {
        return new ModelVersion(n, passed ? ModelVersion.Status.INACTIVE : ModelVersion.Status.REJECTED,
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-13T00:00:00Z"),
                new TrainingSummary(1000, 800, 50, 40, 64, 10, 0.125, Duration.ofMillis(1500)),
                new GateResult("popularity", "mean NDCG@20 of home and cart", 0.3, 0.2, 0.02, passed,
                        "because", List.of(new EvaluationReport("candidate", Surface.HOME, 20, 12, 0.5, 0.3, 0.25,
                        0.1), new EvaluationReport("opponent", Surface.HOME, 20, 12, 0.4, 0.2, 0.2, 0.01))));
    }

    @Test
    void stores_versions_with_their_metrics_newest_first() {
        registry.add(A, version(1, true), model(1));
        registry.add(A, version(2, false), model(2));
        assertEquals(List.of(2, 1), registry.versions(A).stream().map(ModelVersion::version).toList());
        assertEquals(version(1, true), registry.version(A, 1).orElseThrow(), "metadata round-trips exactly");
        assertEquals(3, registry.nextVersion(A));
        assertEquals(2f, registry.load(A, 2).factors().itemVectors()[0]);
        assertThrows(ConflictException.class, () -> registry.add(A, version(2, true), model(9)),
                "a stored version is immutable");
    }

    @Test
    void the_home_recipe_the_gate_kept_round_trips_and_older_versions_read_as_without_taste() {
        ModelVersion plain = version(1, true);
        GateResult g = plain.gate();
        ModelVersion tasted = new ModelVersion(2, plain.status(), plain.createdAt(), plain.trainedUntil(),
                plain.training(), new GateResult(g.opponent(), g.metric(), g.candidateScore(), g.opponentScore(),
                g.margin(), g.passed(), g.reason(), g.reports(), new HomeRecipe(0.5, false)));
        HomeRecipe everything = new HomeRecipe(HomeRecipe.Learner.IALS, 0.7, true).withSequence(0.4)
                .withLongTermProfile().withBlendWeight(0.5);
        ModelVersion sequenced = new ModelVersion(3, plain.status(), plain.createdAt(), plain.trainedUntil(),
                plain.training(), new GateResult(g.opponent(), g.metric(), g.candidateScore(), g.opponentScore(),
                g.margin(), g.passed(), g.reason(), g.reports(), everything));
        registry.add(A, plain, model(1));
        registry.add(A, tasted, model(2));
        registry.add(A, sequenced, model(3));
        assertEquals(new HomeRecipe(0.5, false), registry.version(A, 2).orElseThrow().gate().home());
        assertEquals(HomeRecipe.WITHOUT_TASTE, registry.version(A, 1).orElseThrow().gate().home());
        assertEquals(everything, registry.version(A, 3).orElseThrow().gate().home(), "sequence, profile and blend");
        assertEquals(0.7, registry.version(A, 1).orElseThrow().gate().home().blendWeight(), "the serving blend's");
        assertTrue(registry.version(A, 3).orElseThrow().gate().surfaceMargin());
    }

    @Test
    void a_version_stored_before_the_blend_sequence_profile_and_margin_rule_reads_as_it_served() {
        GateResult g = version(1, true).gate();
        // The candidate led co-occurrence on home by 1 %: within the 2 % margin of today's rule.
        List<EvaluationReport> reports = List.of(new EvaluationReport("candidate", Surface.HOME, 20, 12, 0.5, 0.303,
                0.25, 0.1), new EvaluationReport("opponent", Surface.HOME, 20, 12, 0.4, 0.2, 0.2, 0.01),
                new EvaluationReport("cooccurrence", Surface.HOME, 20, 12, 0.4, 0.300, 0.2, 0.01));
        registry.add(A, new ModelVersion(1, ModelVersion.Status.INACTIVE, Instant.parse("2026-11-20T10:00:00Z"),
                Instant.parse("2026-11-13T00:00:00Z"), version(1, true).training(), new GateResult(g.opponent(),
                g.metric(), 0.3, 0.2, 0.02, true, "because", reports, new HomeRecipe(HomeRecipe.Learner.IALS, 0.5,
                true))), model(1));
        String key = "models/v000001/model.properties";
        String stored = new String(artifacts.get(A, key).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
        String older = stored.lines().filter(l -> !l.startsWith("gate.home.sequenceWeight")
                && !l.startsWith("gate.home.longTermProfile") && !l.startsWith("gate.home.blendWeight")
                && !l.startsWith("gate.surfaceMargin")).collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(older.length() < stored.length(), "the new keys were there to remove");
        artifacts.put(A, key, older.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        GateResult read = new ModelRegistry(artifacts).version(A, 1).orElseThrow().gate();
        assertEquals(new HomeRecipe(HomeRecipe.Learner.IALS, 0.5, true), read.home(),
                "no sequence, no profile, the serving blend's weight");
        assertEquals(0.7, read.home().blendWeight());
        assertEquals(GateResult.Choice.MODEL, read.choices().get(Surface.HOME), "home keeps the model it was "
                + "promoted to serve, though its lead is within today's margin");
    }

    @Test
    void a_version_whose_home_is_ranked_by_ease_is_stored_and_promoted_with_its_item_model_only() {
        ModelVersion plain = version(1, true);
        GateResult g = plain.gate();
        ModelVersion byEase = new ModelVersion(2, plain.status(), plain.createdAt(), plain.trainedUntil(),
                plain.training(), new GateResult(g.opponent(), g.metric(), g.candidateScore(), g.opponentScore(),
                g.margin(), g.passed(), g.reason(), g.reports(),
                new HomeRecipe(HomeRecipe.Learner.EASE, 0.7, true)));
        assertThrows(IllegalArgumentException.class, () -> registry.add(A, byEase, model(2)),
                "a home ranked by EASE needs the item model");
        registry.add(A, plain, model(1));
        registry.add(A, byEase, model(2), SparseItemModelCodecTest.model());
        assertEquals(byEase.gate().home(), registry.version(A, 2).orElseThrow().gate().home());
        assertEquals(SparseItemModelCodecTest.model().items(), registry.loadItemModel(A, 2).orElseThrow().items());
        assertTrue(registry.loadItemModel(A, 1).isEmpty());
        assertTrue(registry.loadItemModel(B, 2).isEmpty(), "another tenant's item model is never found");
        registry.promote(A, 1);

        artifacts.files.remove("shop-a/" + ModelVersion.itemModelOf(2));
        assertThrows(NotFoundException.class, () -> registry.promote(A, 2), "without it, it is not announced");
        assertEquals(OptionalInt.of(1), registry.activeVersion(A));
    }

    @Test
    void promote_then_rollback_walks_back_through_earlier_active_versions() {
        for (int v = 1; v <= 3; v++) {
            registry.add(A, version(v, true), model(v));
        }
        assertTrue(registry.activeVersion(A).isEmpty());
        registry.promote(A, 1);
        registry.promote(A, 2);
        assertEquals(ModelVersion.Status.ACTIVE, registry.promote(A, 3).status());
        assertEquals(ModelVersion.Status.INACTIVE, registry.version(A, 2).orElseThrow().status());

        assertEquals(2, registry.rollback(A).version());
        assertEquals(OptionalInt.of(2), registry.activeVersion(A));
        assertEquals(ModelVersion.Status.INACTIVE, registry.version(A, 3).orElseThrow().status());
        assertEquals(1, registry.rollback(A).version());
        ConflictException e = assertThrows(ConflictException.class, () -> registry.rollback(A));
        assertTrue(e.getMessage().contains("no earlier model"), e.getMessage());
        assertEquals(OptionalInt.of(1), registry.activeVersion(A));
    }

    @Test
    void a_rejected_version_can_be_promoted_by_hand_and_promoting_the_active_one_changes_nothing() {
        registry.add(A, version(1, false), model(1));
        assertEquals(ModelVersion.Status.ACTIVE, registry.promote(A, 1).status());
        registry.promote(A, 1);
        assertThrows(ConflictException.class, () -> registry.rollback(A), "1 has no predecessor, even promoted twice");
    }

    @Test
    void unknown_and_corrupt_versions_are_refused_and_the_active_one_stays() {
        registry.add(A, version(1, true), model(1));
        registry.add(A, version(2, true), model(2));
        registry.promote(A, 1);
        assertThrows(NotFoundException.class, () -> registry.promote(A, 7));
        artifacts.files.computeIfPresent("shop-a/" + ModelVersion.artifactOf(2), (k, bytes) -> {
            bytes[bytes.length / 2] ^= 1;
            return bytes;
        });
        assertThrows(FactorModelCodec.CorruptArtifactException.class, () -> registry.promote(A, 2));
        assertEquals(OptionalInt.of(1), registry.activeVersion(A));
        assertEquals(ModelVersion.Status.ACTIVE, registry.version(A, 1).orElseThrow().status());
    }

    @Test
    void the_active_pointer_wins_over_metadata_a_broken_promotion_left_stale() {
        registry.add(A, version(1, true), model(1));
        registry.add(A, version(2, true), model(2));
        registry.promote(A, 1);
        // A promotion of 2 that wrote the pointer and then died before updating the metadata files.
        artifacts.put(A, "models/active.properties", "active=2\nprevious=1\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));

        assertEquals(List.of(ModelVersion.Status.ACTIVE, ModelVersion.Status.INACTIVE),
                registry.versions(A).stream().map(ModelVersion::status).toList());
        assertEquals(ModelVersion.Status.INACTIVE, registry.version(A, 1).orElseThrow().status());
        assertEquals(1, registry.rollback(A).version());
    }

    @Test
    void one_tenants_registry_never_shows_or_serves_another_tenants_models() {
        registry.add(A, version(1, true), model(1));
        registry.promote(A, 1);
        assertTrue(registry.versions(B).isEmpty());
        assertTrue(registry.activeVersion(B).isEmpty());
        assertThrows(NotFoundException.class, () -> registry.promote(B, 1));
        assertThrows(NotFoundException.class, () -> registry.load(B, 1));
        assertEquals(1, registry.nextVersion(B));
    }
}
