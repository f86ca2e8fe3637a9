package io.shelfwise.recommendation.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactorModelCodecTest {
    private static final FactorModel MODEL = new FactorModel(new LearnedFactors(2,
            List.of(new ItemId("boots"), new ItemId("hat"), new ItemId("schal-grün")),
            new float[] {0.5f, -1.25f, 3f, 0f, Float.MIN_VALUE, 1e9f},
            List.of("u1"), new float[] {1f, 2f}), 10, 0.03);

    @Test
    void round_trips_items_vectors_and_fold_in_settings_but_not_shopper_vectors() {
        FactorModel back = FactorModelCodec.decode(FactorModelCodec.encode(MODEL));
        assertEquals(MODEL.factors().items(), back.factors().items());
        assertArrayEquals(MODEL.factors().itemVectors(), back.factors().itemVectors());
        assertEquals(2, back.factors().dim());
        assertEquals(10, back.confidenceScale());
        assertEquals(0.03, back.regularization());
        assertTrue(back.factors().users().isEmpty(), "serving folds shoppers in; their vectors are not shipped");
    }

    @Test
    void a_flipped_bit_anywhere_is_refused() {
        byte[] artifact = FactorModelCodec.encode(MODEL);
        for (int at : new int[] {0, 9, artifact.length / 2, artifact.length - 9, artifact.length - 1}) {
            byte[] altered = artifact.clone();
            altered[at] ^= 0x10;
            assertThrows(FactorModelCodec.CorruptArtifactException.class, () -> FactorModelCodec.decode(altered),
                    "byte " + at);
        }
    }

    @Test
    void a_truncated_artifact_is_refused() {
        byte[] artifact = FactorModelCodec.encode(MODEL);
        var e = assertThrows(FactorModelCodec.CorruptArtifactException.class,
                () -> FactorModelCodec.decode(Arrays.copyOf(artifact, artifact.length - 5)));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertThrows(FactorModelCodec.CorruptArtifactException.class, () -> FactorModelCodec.decode(new byte[3]));
    }
}
