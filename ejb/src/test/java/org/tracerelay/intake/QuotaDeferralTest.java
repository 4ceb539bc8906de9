package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaDeferralTest {

    @Test
    void eachDeferralWaitsTwiceTheLastUpToFiveMinutes() {
        assertEquals(Duration.ofSeconds(30), new QuotaDeferral("ID:1", null, 0, "t").nextDelay(30));
        assertEquals(Duration.ofSeconds(60), new QuotaDeferral("ID:1", Instant.now(), 1, "t").nextDelay(30));
        assertEquals(Duration.ofSeconds(240), new QuotaDeferral("ID:1", Instant.now(), 3, "t").nextDelay(30));
        assertEquals(Duration.ofMinutes(5), new QuotaDeferral("ID:1", Instant.now(), 4, "t").nextDelay(30));
        assertEquals(Duration.ofMinutes(5), new QuotaDeferral("ID:1", Instant.now(), 1000, "t").nextDelay(30));
        assertEquals(Duration.ofSeconds(1), new QuotaDeferral("ID:1", null, 0, "t").nextDelay(0));
    }

    @Test
    void aMessageGoesToTheDeadLetterQueueOnlyAfterWaitingLongerThanTheMaximum() {
        Instant now = Instant.parse("2026-01-02T00:00:00Z");
        assertFalse(new QuotaDeferral("ID:1", null, 0, null).expired(now, Duration.ofHours(24)), "never deferred");
        assertFalse(new QuotaDeferral("ID:1", now.minus(Duration.ofHours(23)), 40, null).expired(now, Duration.ofHours(24)));
        assertTrue(new QuotaDeferral("ID:1", now.minus(Duration.ofHours(25)), 40, null).expired(now, Duration.ofHours(24)));
        assertEquals(now.minus(Duration.ofHours(23)), new QuotaDeferral("ID:1", now.minus(Duration.ofHours(23)), 1, null).sinceOr(now),
                "the first deferral's time travels with every copy");
        assertEquals(now, new QuotaDeferral("ID:1", null, 0, null).sinceOr(now));
    }

    @Test
    void aDeferredCopyRanksBelowEveryFreshMessage() {
        assertTrue(QuotaDeferral.PRIORITY < jakarta.jms.Message.DEFAULT_PRIORITY);
        assertTrue(QuotaDeferral.PRIORITY < IntakeGateway.PRIORITY);
    }
}
