package io.shelfwise.recommendation.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ranking.SparseItemModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparseItemModelCodecTest {
    static SparseItemModel model() {
        return SparseItemModel.strongest(List.of(new ItemId("a"), new ItemId("b"), new ItemId("c")),
                new float[] {0f, 0.5f, 0.25f, 0.75f, 0f, -1f, 0f, 0f, 0f}, 1);
    }

    @Test
    void an_item_model_round_trips_exactly() {
        SparseItemModel decoded = SparseItemModelCodec.decode(SparseItemModelCodec.encode(model()));
        assertEquals(model().items(), decoded.items());
        assertArrayEquals(new int[] {0, 1, 2, 2}, decoded.rowStart());
        assertArrayEquals(new int[] {1, 0}, decoded.columns());
        assertArrayEquals(new float[] {0.5f, 0.75f}, decoded.weights());
    }

    @Test
    void a_truncated_altered_or_foreign_artifact_is_refused() {
        byte[] bytes = SparseItemModelCodec.encode(model());
        assertThrows(FactorModelCodec.CorruptArtifactException.class,
                () -> SparseItemModelCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)));
        byte[] altered = bytes.clone();
        altered[altered.length / 2] ^= 1;
        assertThrows(FactorModelCodec.CorruptArtifactException.class, () -> SparseItemModelCodec.decode(altered));
        byte[] factors = FactorModelCodec.encode(ModelRegistryTest.model(1));
        assertThrows(FactorModelCodec.CorruptArtifactException.class, () -> SparseItemModelCodec.decode(factors));
    }
}
