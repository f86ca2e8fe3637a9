package io.shelfwise.recommendation.registry;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ranking.FactorModel;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The serving part of a factor model as an artifact: what {@link FactorModel} needs to score, i.e. the item
 * vectors and the fold-in settings they were trained with; shopper vectors are not stored, because serving folds
 * the shopper in from their latest events. Layout (big-endian): magic {@code SWFM}, format version, dimension,
 * confidence scale, regularization, item count, the item ids (modified UTF-8), the vectors row by row, and a CRC-32
 * of everything before it, so a truncated or altered file is refused instead of served.
 */
public final class FactorModelCodec {
    private static final int MAGIC = 0x5357464D;
    private static final int FORMAT = 1;

    private FactorModelCodec() {
    }

    public static byte[] encode(FactorModel model) {
        LearnedFactors factors = model.factors();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + factors.itemVectors().length * 4
                + factors.items().size() * 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(factors.dim());
            out.writeDouble(model.confidenceScale());
            out.writeDouble(model.regularization());
            out.writeInt(factors.items().size());
            for (ItemId item : factors.items()) {
                out.writeUTF(item.value());
            }
            for (float v : factors.itemVectors()) {
                out.writeFloat(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Checksummed.seal(bytes.toByteArray());
    }

    /** The model in {@code artifact}; {@link CorruptArtifactException} when it is not one this codec wrote. */
    public static FactorModel decode(byte[] artifact) {
        int bodyLength = Checksummed.bodyLength(artifact, 36);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(artifact, 0, bodyLength))) {
            if (in.readInt() != MAGIC) {
                throw new CorruptArtifactException("not a factor model artifact");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new CorruptArtifactException("unknown artifact format " + format);
            }
            int dim = in.readInt();
            double confidence = in.readDouble();
            double regularization = in.readDouble();
            int count = in.readInt();
            if (dim < 1 || count < 0 || (long) dim * count * 4 > bodyLength) {
                throw new CorruptArtifactException("impossible sizes: dim " + dim + ", items " + count);
            }
            List<ItemId> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                items.add(new ItemId(in.readUTF()));
            }
            float[] vectors = new float[dim * count];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = in.readFloat();
            }
            if (in.available() != 0) {
                throw new CorruptArtifactException("trailing bytes after the vectors");
            }
            return new FactorModel(new LearnedFactors(dim, items, vectors, List.of(), new float[0]), confidence,
                    regularization);
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptArtifactException("unreadable artifact: " + e.getMessage());
        }
    }

    /** An artifact that cannot be decoded; serving keeps its current model instead. */
    public static final class CorruptArtifactException extends RuntimeException {
        public CorruptArtifactException(String message) {
            super(message);
        }
    }
}
