package io.shelfwise.recommendation.registry;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ranking.SparseItemModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SparseItemModel} as an artifact. Layout (big-endian): magic {@code SWEI}, format version, item count,
 * the item ids (modified UTF-8), the row offsets, the columns and the weights, and a CRC-32 of everything before
 * it, so a truncated or altered file is refused instead of served.
 */
public final class SparseItemModelCodec {
    private static final int MAGIC = 0x53574549;
    private static final int FORMAT = 1;

    private SparseItemModelCodec() {
    }

    public static byte[] encode(SparseItemModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + model.size() * 8 + model.items().size() * 20);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(model.items().size());
            for (ItemId item : model.items()) {
                out.writeUTF(item.value());
            }
            for (int start : model.rowStart()) {
                out.writeInt(start);
            }
            for (int column : model.columns()) {
                out.writeInt(column);
            }
            for (float weight : model.weights()) {
                out.writeFloat(weight);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Checksummed.seal(bytes.toByteArray());
    }

    /** The model in {@code artifact}; {@link FactorModelCodec.CorruptArtifactException} when this codec did not write it. */
    public static SparseItemModel decode(byte[] artifact) {
        int bodyLength = Checksummed.bodyLength(artifact, 16);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(artifact, 0, bodyLength))) {
            if (in.readInt() != MAGIC) {
                throw new FactorModelCodec.CorruptArtifactException("not an item model artifact");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new FactorModelCodec.CorruptArtifactException("unknown artifact format " + format);
            }
            int count = in.readInt();
            if (count < 0 || count > bodyLength) {
                throw new FactorModelCodec.CorruptArtifactException("impossible item count " + count);
            }
            List<ItemId> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                items.add(new ItemId(in.readUTF()));
            }
            int[] rowStart = new int[count + 1];
            for (int i = 0; i <= count; i++) {
                rowStart[i] = in.readInt();
            }
            int size = rowStart[count];
            if (size < 0 || (long) size * 8 != in.available()) {
                throw new FactorModelCodec.CorruptArtifactException("the weights do not fill the artifact");
            }
            int[] columns = new int[size];
            for (int i = 0; i < size; i++) {
                columns[i] = in.readInt();
            }
            float[] weights = new float[size];
            for (int i = 0; i < size; i++) {
                weights[i] = in.readFloat();
            }
            return new SparseItemModel(items, rowStart, columns, weights);
        } catch (IOException | IllegalArgumentException e) {
            throw new FactorModelCodec.CorruptArtifactException("unreadable artifact: " + e.getMessage());
        }
    }
}
