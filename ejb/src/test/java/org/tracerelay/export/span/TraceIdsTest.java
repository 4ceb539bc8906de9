package org.tracerelay.export.span;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TraceIdsTest {

    @Test
    void traceIdIsTheUuidBytesBigEndian() {
        assertEquals("8e2d4c6a1b3f4d5e9a7c2b4d6f8a0c1e", TraceIds.hex(TraceIds.traceId("8e2d4c6a-1b3f-4d5e-9a7c-2b4d6f8a0c1e")));
    }

    @Test
    void spanIdIsTheFirstEightBytesOfSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea 414140de5dae2223 ... (FIPS 180-2 test vector)
        assertEquals("ba7816bf8f01cfea", TraceIds.hex(TraceIds.spanId("abc")));
    }

    @Test
    void aNonUuidCorrelationStillGivesAStable16ByteId() {
        assertEquals(32, TraceIds.hex(TraceIds.traceId("external-trace")).length());
        assertEquals(TraceIds.hex(TraceIds.traceId("external-trace")), TraceIds.hex(TraceIds.traceId("external-trace")));
    }
}
