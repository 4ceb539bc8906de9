package org.tracerelay.export.span;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

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
            byte[] digest = sha256(correlation);
            byte[] id = new byte[16];
            System.arraycopy(digest, 0, id, 0, 16);
            return nonZero(id);
        }
    }

    /** The first 8 bytes of SHA-256(UTF-8 source id); all zero becomes ...01. */
    public static byte[] spanId(String source) {
        byte[] digest = sha256(source);
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

    // One digest per thread: MessageDigest.getInstance looks the provider up on every call, which
    // was two thirds of deriving a span id (JFR, README "Performance"); digest() resets it.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private static byte[] sha256(String source) {
        return SHA256.get().digest(source.getBytes(StandardCharsets.UTF_8));
    }
}
