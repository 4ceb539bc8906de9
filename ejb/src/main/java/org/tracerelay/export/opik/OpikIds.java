package org.tracerelay.export.opik;

import java.time.Instant;
import java.util.UUID;
import org.tracerelay.support.Digests;

/**
 * Opik wants UUIDv7 ids. Like Dify, an id is built from a Dify id and a time of the task itself:
 * the time's milliseconds go in the top 48 bits, the rest comes from the Dify id, so a resend of
 * the same task carries the same ids (dify-providers §2.3).
 */
final class OpikIds {

    private OpikIds() {
    }

    /** The UUIDv7 of {@code seed} at {@code time}; a seed that already is a UUIDv7 is kept. */
    static String uuid7(Instant time, String seed) {
        UUID base = uuid(seed);
        if (base.version() == 7) {
            return base.toString();
        }
        long millis = time.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long msb = (millis << 16) | 0x7000L | (base.getMostSignificantBits() & 0x0FFFL);
        long lsb = (base.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /** A UUID seed as such; any other string as md5 with the version 4 and variant bits (Dify's {@code _seed_to_uuid4}). */
    static UUID uuid(String seed) {
        try {
            return UUID.fromString(seed);
        } catch (IllegalArgumentException notUuid) {
            return md5Uuid4(seed);
        }
    }

    static UUID md5Uuid4(String seed) {
        byte[] b = Digests.md5(seed);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
