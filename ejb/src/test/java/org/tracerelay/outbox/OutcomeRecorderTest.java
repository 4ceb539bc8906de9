package org.tracerelay.outbox;

import org.tracerelay.export.ExportOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    static ClaimedDelivery item(String parcelDeliveryId, int index, String taskId) {
        return new ClaimedDelivery(Delivery.itemId(parcelDeliveryId, index), taskId, "acme", "message_trace", T0, "{}", null,
                parcelDeliveryId, index, Delivery.taskRowIdOf("parcel-1", index));
    }

    @Test
    void aParcelWhoseItemsPartWaysBecomesARowPerItemWithItsOwnOutcome() {
        Delivery parcel = Delivery.pendingParcel("pd", "parcel-1", 3, "acme", "app", "otlp/app", "otlp", T0);
        List<ClaimedDelivery> items = List.of(item("pd", 0, "t0"), item("pd", 1, "t1"), item("pd", 2, "t2"));
        List<Delivery> rows = OutcomeRecorder.split(parcel, items, Map.of(
                "pd:0", ExportOutcome.delivered(),
                "pd:1", ExportOutcome.retry("http_503", "unavailable", null),
                "pd:2", ExportOutcome.dead("http_400", "bad")), T0.plusSeconds(10), policy);

        assertEquals(List.of("pd:0", "pd:1", "pd:2"), rows.stream().map(Delivery::getId).toList());
        assertEquals(List.of("t0", "t1", "t2"), rows.stream().map(Delivery::getTaskId).toList());
        assertEquals(List.of("parcel-1:0", "parcel-1:1", "parcel-1:2"), rows.stream().map(Delivery::getTaskRowId).toList());
        assertEquals(List.of(DeliveryStatus.DELIVERED, DeliveryStatus.PENDING, DeliveryStatus.DEAD),
                rows.stream().map(Delivery::getStatus).toList());
        for (Delivery d : rows) {
            assertEquals(1, d.getAttempts(), "the attempt is counted on every item");
            assertEquals(T0, d.getCreatedAt(), "the parcel's age, so the retry budget does not start again");
            assertEquals("acme", d.getTenantId());
            assertEquals("app", d.getAppId());
            assertEquals("otlp/app", d.getDestination());
            assertFalse(d.isParcel());
        }
        assertEquals(T0.plusSeconds(10), rows.get(0).getFinishedAt());
        assertEquals("http_400", rows.get(2).getLastCode());
        assertTrue(rows.get(1).getNextAttemptAt().isAfter(T0.plusSeconds(10)));
    }

    @Test
    void anItemWithoutAnOutcomeIsRetriedNotLost() {
        Delivery parcel = Delivery.pendingParcel("pd", "parcel-1", 2, "acme", "app", "otlp/app", "otlp", T0);
        List<Delivery> rows = OutcomeRecorder.split(parcel, List.of(item("pd", 0, "t0"), item("pd", 1, "t1")),
                Map.of("pd:0", ExportOutcome.dead("http_400", "bad")), T0, policy);
        assertEquals(DeliveryStatus.PENDING, rows.get(1).getStatus());
        assertEquals("exporter_error", rows.get(1).getLastCode());
    }

    @Test
    void aSplitItemKeepsThePartOfTheBudgetTheParcelAlreadySpent() {
        Delivery parcel = Delivery.pendingParcel("pd", "parcel-1", 1, "acme", "app", "otlp/app", "otlp", T0.minus(Duration.ofHours(25)));
        List<Delivery> rows = OutcomeRecorder.split(parcel, List.of(item("pd", 0, "t0")),
                Map.of("pd:0", ExportOutcome.retry("http_503", "unavailable", null)), T0, policy);
        assertEquals(DeliveryStatus.DEAD, rows.get(0).getStatus());
        assertEquals("retry_budget_exhausted", rows.get(0).getLastCode());
    }
}
