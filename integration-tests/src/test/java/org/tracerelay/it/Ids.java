package org.tracerelay.it;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The contract's deterministic ids, computed independently of the product code. */
final class Ids {

    private Ids() {
    }

    static String traceId(String uuid) {
        return uuid.replace("-", "").toLowerCase();
    }

    static String spanId(String source) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
