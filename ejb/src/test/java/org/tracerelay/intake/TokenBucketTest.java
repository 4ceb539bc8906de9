package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRate() {
        TokenBucket b = new TokenBucket(100, 1000);
        assertEquals(0, b.take(1000, 0), "a full burst passes");
        long wait = b.take(50, 0);
        assertEquals(500, wait, "50 tokens at 100/s take half a second");
        assertEquals(0, b.take(50, SECOND / 2));
        assertTrue(b.take(1, SECOND / 2) > 0);
        assertEquals(0, b.take(1000, 11 * SECOND), "refilled, but never above capacity");
        assertTrue(b.take(1, 11 * SECOND) > 0);
    }
}
