package org.tracerelay.export.enterprise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.span.TraceIds;

class SamplingTest {

    @Test
    void zeroDropsAndOneKeepsEverything() {
        byte[] id = TraceIds.traceId(UUID.randomUUID().toString());
        assertFalse(Sampling.keep(id, 0.0));
        assertTrue(Sampling.keep(id, 1.0));
    }

    @Test
    void decidedOnTheTraceIdAsA128BitFraction() {
        assertTrue(Sampling.keep(TraceIds.traceId("00000000-0000-0000-0000-000000000001"), 0.001));
        assertFalse(Sampling.keep(TraceIds.traceId("ffffffff-ffff-ffff-ffff-ffffffffffff"), 0.999));
        assertTrue(Sampling.keep(TraceIds.traceId("7fffffff-ffff-ffff-ffff-ffffffffffff"), 0.5));
        assertFalse(Sampling.keep(TraceIds.traceId("80000000-0000-0000-0000-000000000000"), 0.5));
    }

    @Test
    void keepsRoughlyTheRate() {
        int kept = 0;
        for (int i = 0; i < 20_000; i++) {
            if (Sampling.keep(TraceIds.traceId(UUID.randomUUID().toString()), 0.25)) {
                kept++;
            }
        }
        assertEquals(0.25, kept / 20_000.0, 0.02);
    }
}
