package org.tracerelay.domain.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A series row takes the claims' deltas: started by the first, each later one added once. */
class MetricSeriesTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final String KEY = "k".repeat(64);

    static MetricDelta delta(SeriesAmount amount, Instant at) {
        return new MetricDelta(KEY, "dify.tool.duration", "{\"app_id\":\"a\"}", amount, at);
    }

    @Test
    void aDeltaKeepsItsAmountThroughItsColumns() {
        SeriesAmount amount = new SeriesAmount(2.5, 2, new long[] {1, 1, 0}, 0.5, 2.0);
        assertEquals(amount, delta(amount, T0).amount());
        SeriesAmount counter = new SeriesAmount(205, 1, null, null, null);
        assertEquals(counter, delta(counter, T0).amount());
    }

    @Test
    void aSeriesStartsWhenItsFirstDeltaWasRecordedAndSumsEveryDelta() {
        MetricDelta first = delta(new SeriesAmount(0.5, 1, new long[] {1, 0, 0}, 0.5, 0.5), T0);
        MetricDelta second = delta(new SeriesAmount(12, 2, new long[] {0, 1, 1}, 4.0, 8.0), T0.plusSeconds(3));
        MetricSeries series = MetricSeries.startedBy(first, "t1");
        Instant foldedAt = T0.plusSeconds(15);
        series.add(first.amount(), foldedAt);
        series.add(second.amount(), foldedAt);
        assertEquals(KEY, series.getSeriesKey());
        assertEquals("{\"app_id\":\"a\"}", series.getLabels());
        assertEquals(T0, series.getStartTime());
        assertEquals(foldedAt, series.getUpdatedAt());
        assertEquals(12.5, series.getTotal());
        assertEquals(3, series.getSampleCount());
        assertArrayEquals(new long[] {1, 1, 1}, series.bucketCounts());
        assertEquals(0.5, series.getMinValue());
        assertEquals(8.0, series.getMaxValue());
    }

    @Test
    void deltaIdsAreTimeOrdered() {
        MetricDelta earlier = delta(SeriesAmount.NONE, T0);
        MetricDelta later = delta(SeriesAmount.NONE, T0.plusMillis(1));
        assertNotEquals(earlier.getId(), delta(SeriesAmount.NONE, T0).getId());
        assertEquals(-1, Integer.signum(earlier.getId().compareTo(later.getId())));
    }
}
