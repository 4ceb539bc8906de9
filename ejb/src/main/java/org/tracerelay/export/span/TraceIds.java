package org.tracerelay.export.span;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;
import org.tracerelay.support.Digests;

/**
 * Deterministic ids (contract; data dictionary §5): a retried export produces the same ids, so
 * a backend that dedupes on them sees each span once.
 */
public final class TraceIds {

    private static final HexFormat HEX = HexFormat.of();

    private TraceIds() {
    }

    /** The 16 bytes of UUID(correlation) big-endian; a non-UUID correlation hashes to 16 bytes. */
    public static byte[] traceId(String correlation) {
        try {
            UUID u = UUID.fromString(correlation);
            return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array();
        } catch (IllegalArgumentException notUuid) {
            byte[] digest = Digests.sha256(correlation);
            byte[] id = new byte[16];
            System.arraycopy(digest, 0, id, 0, 16);
            return nonZero(id);
        }
    }

    /** The first 8 bytes of SHA-256(UTF-8 source id); all zero becomes ...01. */
    public static byte[] spanId(String source) {
        byte[] digest = Digests.sha256(source);
        byte[] id = new byte[8];
        System.arraycopy(digest, 0, id, 0, 8);
        return nonZero(id);
    }

    public static String hex(byte[] id) {
        return HEX.formatHex(id);
    }

    private static byte[] nonZero(byte[] id) {
        for (byte b : id) {
            if (b != 0) {
                return id;
            }
        }
        id[id.length - 1] = 1;
        return id;
    }

}
