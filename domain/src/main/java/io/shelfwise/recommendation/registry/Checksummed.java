package io.shelfwise.recommendation.registry;

import java.util.Arrays;
import java.util.zip.CRC32;

/** An artifact's body followed by the CRC-32 of it in 8 big-endian bytes, so a truncated or altered file is refused. */
final class Checksummed {
    private Checksummed() {
    }

    static byte[] seal(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] sealed = Arrays.copyOf(body, body.length + 8);
        long checksum = crc.getValue();
        for (int i = 0; i < 8; i++) {
            sealed[body.length + i] = (byte) (checksum >>> (56 - 8 * i));
        }
        return sealed;
    }

    /**
     * The length of the body of {@code artifact}, whose checksum matched; {@link
     * FactorModelCodec.CorruptArtifactException} when it is shorter than {@code minBody} or does not match.
     */
    static int bodyLength(byte[] artifact, int minBody) {
        if (artifact.length < 8 + minBody) {
            throw new FactorModelCodec.CorruptArtifactException("artifact too short (" + artifact.length + " bytes)");
        }
        int bodyLength = artifact.length - 8;
        CRC32 crc = new CRC32();
        crc.update(artifact, 0, bodyLength);
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored = (stored << 8) | (artifact[bodyLength + i] & 0xFF);
        }
        if (stored != crc.getValue()) {
            throw new FactorModelCodec.CorruptArtifactException("checksum mismatch: the artifact is truncated or "
                    + "altered");
        }
        return bodyLength;
    }
}
