package org.tracerelay.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofHours(24));
    private final Instant now = Instant.parse("2026-11-21T00:00:00Z");

    private long waitSeconds(int attempts, Duration retryAfter) {
        return Duration.between(now, policy.nextAttempt(now, attempts, retryAfter)).toMillis() / 1000;
    }

    @Test
    void backoffGrowsWithJitterFromFiveSecondsToFiveMinutes() {
        for (int i = 0; i < 50; i++) {
            long first = waitSeconds(1, null);
            assertTrue(first >= 4 && first <= 6, "first wait " + first);
            long third = waitSeconds(3, null);
            assertTrue(third >= 16 && third <= 24, "third wait " + third);
            assertTrue(waitSeconds(30, null) <= 300, "capped at 5 min");
        }
    }

    @Test
    void retryAfterIsHonouredUpToAnHour() {
        assertEquals(42, waitSeconds(1, Duration.ofSeconds(42)));
        assertEquals(3600, waitSeconds(1, Duration.ofHours(5)));
    }

    @Test
    void theBudgetEndsRetrying() {
        assertFalse(policy.exhausted(now, now.plus(Duration.ofHours(23))));
        assertTrue(policy.exhausted(now, now.plus(Duration.ofHours(25))));
    }
}
