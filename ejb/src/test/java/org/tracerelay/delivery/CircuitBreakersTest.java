package org.tracerelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.outbox.DestinationHolds;
import org.tracerelay.outbox.RetryPolicy;

class CircuitBreakersTest {

    static final ExportOutcome DOWN = ExportOutcome.retry("http_503", "down", null);
    final Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    final CircuitBreakers b = new CircuitBreakers(new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofHours(24)));

    @Test
    void aBatchFailingAsAWholeOpensItForTheRetryPolicysWait() {
        b.record("a", List.of(DOWN, DOWN), t0);
        assertFalse(b.allows("a", t0.plusSeconds(3)), "first wait about 5 s (+-20 %)");
        assertTrue(b.allows("a", t0.plusSeconds(7)), "then one probe");
        assertTrue(b.allows("b", t0), "other destinations never wait");
        assertEquals(1, b.openCount(t0));
    }

    @Test
    void failedProbesGrowTheWaitToTheMaximumAndAnySuccessCloses() {
        Instant t = t0;
        for (int i = 0; i < 12; i++) {
            b.record("a", List.of(DOWN), t);
            t = t.plusSeconds(400);
        }
        b.record("a", List.of(DOWN), t);
        assertFalse(b.allows("a", t.plusSeconds(230)), "grown to about 5 min");
        assertTrue(b.allows("a", t.plusSeconds(301)), "never more than 5 min");
        b.record("a", List.of(DOWN, ExportOutcome.delivered()), t.plusSeconds(301));
        assertTrue(b.allows("a", t.plusSeconds(301)));
        assertEquals(0, b.openCount(t.plusSeconds(301)));
    }

    @Test
    void retryAfterIsHonoured() {
        b.record("a", List.of(ExportOutcome.retry("http_429", "slow down", Duration.ofSeconds(120))), t0);
        assertFalse(b.allows("a", t0.plusSeconds(119)));
        assertTrue(b.allows("a", t0.plusSeconds(120)));
    }

    @Test
    void permanentRefusalsAndPartialFailuresDoNotOpenIt() {
        b.record("a", List.of(ExportOutcome.dead("http_400", "bad")), t0);
        b.record("a", List.of(DOWN, ExportOutcome.dead("http_400", "bad")), t0);
        assertTrue(b.allows("a", t0));
    }

    @Test
    void aDestinationThatRefusesTheWholeBatchAsWronglyAddressedOpensIt() {
        for (String code : List.of("http_401", "http_403", "http_404")) {
            CircuitBreakers fresh = new CircuitBreakers(new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5),
                    Duration.ofHours(1), Duration.ofHours(24)));
            fresh.record("a", List.of(ExportOutcome.dead(code, "refused"), ExportOutcome.dead(code, "refused")), t0);
            assertFalse(fresh.allows("a", t0.plusSeconds(3)), code);
        }
        b.record("a", List.of(ExportOutcome.dead("http_401", "refused"), ExportOutcome.delivered()), t0);
        assertTrue(b.allows("a", t0), "one refused item among delivered ones is not the destination");
    }

    /** The database's holds, as every node sees them. */
    static final class SharedHolds extends DestinationHolds {
        final java.util.Map<String, Hold> rows = new java.util.HashMap<>();

        @Override
        public java.util.Optional<Hold> of(String destination) {
            return java.util.Optional.ofNullable(rows.get(destination));
        }

        @Override
        public Hold fail(String destination, String reason, java.util.function.IntFunction<Instant> waitUntil) {
            int failures = rows.containsKey(destination) ? rows.get(destination).failures() + 1 : 1;
            Hold h = new Hold(failures, waitUntil.apply(failures));
            rows.put(destination, h);
            return h;
        }

        @Override
        public void clear(String destination) {
            rows.remove(destination);
        }

        @Override
        public long openCount(Instant now) {
            return rows.values().stream().filter(h -> now.isBefore(h.openUntil())).count();
        }
    }

    @Test
    void aBreakerOpenedOnOneNodeHoldsOnTheOthersAndAfterARestart() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(24));
        SharedHolds db = new SharedHolds();
        CircuitBreakers node1 = new CircuitBreakers(policy, db);
        CircuitBreakers node2 = new CircuitBreakers(policy, db);
        node1.record("a", List.of(ExportOutcome.retry("http_429", "slow down", Duration.ofSeconds(120))), t0);
        assertFalse(node2.allows("a", t0.plusSeconds(60)), "the other node honours the backend's Retry-After");
        assertFalse(new CircuitBreakers(policy, db).allows("a", t0.plusSeconds(119)), "so does a restarted node");
        assertEquals(1, node2.openCount(t0.plusSeconds(60)));

        assertTrue(node2.allows("a", t0.plusSeconds(120)), "then one probe, from any node");
        node2.record("a", List.of(DOWN), t0.plusSeconds(120));
        assertEquals(2, db.rows.get("a").failures(), "failures in a row count across nodes");
        assertFalse(node1.allows("a", t0.plusSeconds(121)));
        node2.record("a", List.of(ExportOutcome.delivered()), t0.plusSeconds(200));
        assertTrue(db.rows.isEmpty(), "a success closes it for everyone");
        assertTrue(node1.allows("a", t0.plusSeconds(200)));
    }
}
