package org.tracerelay.domain.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Folding a delta into a series total: sums, counts, bucket counts, min and max. */
class SeriesAmountTest {

    static SeriesAmount histogram(double sum, long count, long[] buckets, double min, double max) {
        return new SeriesAmount(sum, count, buckets, min, max);
    }

    static SeriesAmount counter(double sum, long count) {
        return new SeriesAmount(sum, count, null, null, null);
    }

    @Test
    void countersAddSumsAndCountsAndStayWithoutBuckets() {
        SeriesAmount total = counter(205, 1).plus(counter(80, 2));
        assertEquals(285.0, total.sum());
        assertEquals(3, total.count());
        assertNull(total.buckets());
        assertNull(total.min());
        assertNull(total.max());
    }

    @Test
    void histogramsAddBucketsElementWiseAndKeepTheExtremes() {
        SeriesAmount total = histogram(7.5, 2, new long[] {1, 1, 0}, 2.5, 5)
                .plus(histogram(30.2, 3, new long[] {0, 2, 1}, 0.2, 20));
        assertEquals(37.7, total.sum(), 1e-9);
        assertEquals(5, total.count());
        assertArrayEquals(new long[] {1, 3, 1}, total.buckets());
        assertEquals(0.2, total.min());
        assertEquals(20.0, total.max());
    }

    @Test
    void theFirstDeltaOfANewSeriesIsItsTotal() {
        SeriesAmount delta = histogram(4, 2, new long[] {0, 2, 0}, 1, 3);
        assertEquals(delta, SeriesAmount.NONE.plus(delta));
        assertEquals(counter(3, 3), SeriesAmount.NONE.plus(counter(3, 3)));
    }

    @Test
    void anEmptyDeltaChangesNothing() {
        SeriesAmount total = histogram(4, 2, new long[] {0, 2, 0}, 1, 3);
        assertEquals(total, total.plus(SeriesAmount.NONE));
    }

    @Test
    void foldingOrderAndGroupingNeverChangeATotal() {
        SeriesAmount a = histogram(1, 1, new long[] {1, 0, 0}, 1, 1);
        SeriesAmount b = histogram(9, 1, new long[] {0, 0, 1}, 9, 9);
        SeriesAmount c = histogram(5, 1, new long[] {0, 1, 0}, 5, 5);
        SeriesAmount oneByOne = SeriesAmount.NONE.plus(a).plus(b).plus(c);
        assertEquals(oneByOne, SeriesAmount.NONE.plus(c).plus(a.plus(b)));
        assertEquals(histogram(15, 3, new long[] {1, 1, 1}, 1, 9), oneByOne);
    }

    @Test
    void neitherSideIsChangedInPlace() {
        long[] buckets = {1, 0};
        SeriesAmount total = histogram(1, 1, buckets, 1, 1);
        buckets[0] = 99;
        total.buckets()[1] = 99;
        total.plus(histogram(2, 1, new long[] {0, 1}, 2, 2));
        assertArrayEquals(new long[] {1, 0}, total.buckets());
    }

    @Test
    void bucketsAreStoredAsCommaSeparatedCounts() {
        SeriesAmount amount = histogram(1, 1, new long[] {0, 12, 3}, 1, 1);
        assertEquals("0,12,3", amount.bucketsText());
        assertArrayEquals(new long[] {0, 12, 3}, SeriesAmount.parseBuckets(amount.bucketsText()));
        assertNull(counter(1, 1).bucketsText());
        assertNull(SeriesAmount.parseBuckets(null));
    }
}
