package org.tracerelay.domain.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The delivery state machine: pending, then delivered or dead; a dead one may be redriven. */
class DeliveryTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    static Delivery fresh() {
        return Delivery.pending("d1", "t1", "r1", "acme", "app", "otlp/app", "otlp", T0);
    }

    @Test
    void routingWritesItPendingAndDueAtOnce() {
        Delivery d = fresh();
        assertEquals(DeliveryStatus.PENDING, d.getStatus());
        assertEquals(T0, d.getNextAttemptAt());
        assertEquals(0, d.getAttempts());
        assertTrue(d.isFirstClaim());
        assertEquals(T0, d.retryBudgetStart());
    }

    @Test
    void theFirstClaimIsTrueExactlyOnce() {
        Delivery d = fresh();
        d.claim();
        assertFalse(d.isFirstClaim());
        d.dead("http_400", "bad", T0);
        d.redrive(T0.plusSeconds(60));
        assertFalse(d.isFirstClaim(), "a redrive keeps the attempts, so the metrics never count it again");
        assertEquals(1, d.getAttempts());
    }

    @Test
    void aRetryMovesTheNextAttemptAndKeepsTheCode() {
        Delivery d = fresh();
        d.claim();
        d.retryAt(T0.plusSeconds(5), "http_503", "unavailable");
        assertEquals(DeliveryStatus.PENDING, d.getStatus());
        assertEquals(T0.plusSeconds(5), d.getNextAttemptAt());
        assertEquals("http_503", d.getLastCode());
        assertNull(d.getFinishedAt());
    }

    @Test
    void aReleaseKeepsItsPlaceInLine() {
        Delivery d = fresh();
        d.claim();
        d.release("connect_failed", "refused");
        assertEquals(DeliveryStatus.PENDING, d.getStatus());
        assertEquals(T0, d.getNextAttemptAt(), "the destination was down, not this delivery");
        assertEquals("connect_failed", d.getLastCode());
    }

    @Test
    void deadIsFinalUntilARedriveWithAFreshBudget() {
        Delivery d = fresh();
        d.claim();
        d.dead("http_400", "x".repeat(5000), T0.plusSeconds(1));
        assertEquals(DeliveryStatus.DEAD, d.getStatus());
        assertEquals(T0.plusSeconds(1), d.getFinishedAt());
        assertEquals(1000, d.getLastError().length(), "errors are clipped to the column");

        Instant later = T0.plusSeconds(3600);
        assertTrue(d.redrive(later));
        assertEquals(DeliveryStatus.PENDING, d.getStatus());
        assertEquals(later, d.getNextAttemptAt());
        assertEquals(later, d.retryBudgetStart());
        assertNull(d.getFinishedAt());
    }

    @Test
    void onlyADeadDeliveryCanBeRedriven() {
        Delivery d = fresh();
        assertFalse(d.redrive(T0), "pending");
        d.claim();
        d.retryAt(T0.plusSeconds(5), "http_503", null);
        assertFalse(d.redrive(T0), "waiting for a retry");
        assertEquals(T0.plusSeconds(5), d.getNextAttemptAt());
    }
}
