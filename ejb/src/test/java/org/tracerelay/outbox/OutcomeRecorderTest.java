package org.tracerelay.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tracerelay.domain.delivery.Delivery;
import org.tracerelay.domain.delivery.DeliveryStatus;

/** What an export outcome does to a claimed delivery row, without a database. */
class OutcomeRecorderTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(24));

    static Delivery pending(Instant created) {
        return Delivery.pending("d1", "t1", "r1", "acme", "app", "otlp/app", "otlp", created);
    }

    @Test
    void deadOutcomeFinishesTheRowWithItsCode() {
        Delivery d = pending(T0);
        OutcomeRecorder.apply(d, ExportOutcome.dead("http_400", "bad request"), T0, policy);
        assertEquals(DeliveryStatus.DEAD, d.getStatus());
        assertEquals("http_400", d.getLastCode());
        assertEquals(1, d.getAttempts());
    }

    @Test
    void retryOutcomeWaitsWithinThePolicysRangeOrTheBackendsRetryAfter() {
        Delivery d = pending(T0);
        OutcomeRecorder.apply(d, ExportOutcome.retry("http_503", "unavailable", null), T0, policy);
        assertEquals(DeliveryStatus.PENDING, d.getStatus());
        long wait = Duration.between(T0, d.getNextAttemptAt()).toMillis();
        assertTrue(wait >= 4_000 && wait <= 6_000, "about 5 s with jitter: " + wait);

        Delivery told = pending(T0);
        OutcomeRecorder.apply(told, ExportOutcome.retry("http_429", "slow down", Duration.ofSeconds(120)), T0, policy);
        assertEquals(T0.plusSeconds(120), told.getNextAttemptAt());
    }

    @Test
    void aRetryPastTheBudgetIsDead() {
        Delivery d = pending(T0.minus(Duration.ofHours(24)));
        OutcomeRecorder.apply(d, ExportOutcome.retry("http_503", "unavailable", null), T0, policy);
        assertEquals(DeliveryStatus.DEAD, d.getStatus());
        assertEquals("retry_budget_exhausted", d.getLastCode());
        assertEquals("last: http_503", d.getLastError());
    }

    @Test
    void aBatchRefusedAsAWholeGoesBackToItsPlaceUnlessItsBudgetIsSpent() {
        Delivery d = pending(T0);
        OutcomeRecorder.putBack(d, ExportOutcome.retry("connect_failed", "refused", null), T0.plusSeconds(30), policy);
        assertEquals(DeliveryStatus.PENDING, d.getStatus());
        assertEquals(T0, d.getNextAttemptAt());
        assertEquals(1, d.getAttempts());

        Delivery old = pending(T0.minus(Duration.ofHours(25)));
        OutcomeRecorder.putBack(old, ExportOutcome.retry("connect_failed", "refused", null), T0, policy);
        assertEquals(DeliveryStatus.DEAD, old.getStatus());
    }
}
