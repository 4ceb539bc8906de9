package org.tracerelay.export.opik;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Opik's UUIDv7 ids from a Dify id and a time of the task. */
class OpikIdsTest {

    static final String RUN = "8e2d4c6a-1b3f-4d5e-9a7c-2b4d6f8a0c1e";

    @Test
    void timeOnTopVersionSevenAndTheRestFromTheSeed() {
        Instant t = Instant.parse("2026-11-21T09:00:00.123Z");
        UUID id = UUID.fromString(OpikIds.uuid7(t, RUN));
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(t.toEpochMilli(), id.getMostSignificantBits() >>> 16);
        String s = id.toString();
        assertEquals("d5e", s.substring(15, 18), "rand_a kept from the seed");
        assertEquals("a7c-2b4d6f8a0c1e", s.substring(20), "the low bits kept from the seed");
        assertEquals('9', s.charAt(19), "variant 10 over the seed's nibble 9");
        assertEquals(s, OpikIds.uuid7(t, RUN), "stable");
    }

    @Test
    void aUuid7SeedIsKeptAndOtherStringsGoThroughMd5() {
        String v7 = "018f8f6e-1c2b-7a3d-9e4f-0123456789ab";
        assertEquals(v7, OpikIds.uuid7(Instant.EPOCH, v7));
        UUID md5 = OpikIds.md5Uuid4("run-1-root");
        assertEquals(4, md5.version());
        assertEquals(2, md5.variant());
        // md5("run-1-root") = a176eb720109e0e455ef46fcf48c262d, with the version and variant bits set
        assertEquals("a176eb72-0109-40e4-95ef-46fcf48c262d", md5.toString());
        assertEquals(md5, OpikIds.uuid("run-1-root"));
        assertEquals(md5.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL,
                UUID.fromString(OpikIds.uuid7(Instant.EPOCH, "run-1-root")).getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL);
    }
}
