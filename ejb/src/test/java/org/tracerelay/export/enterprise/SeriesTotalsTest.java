package org.tracerelay.export.enterprise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesTotalsTest {

    @Test
    void sameSeriesIsSummedOnce() {
        SeriesTotals totals = SeriesTotals.of(List.of(
                Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "tool", "app_id", "a"),
                Measurement.of(Instrument.REQUESTS_TOTAL, 1, "app_id", "a", "type", "tool"),
                Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "tool", "app_id", "b")));
        assertEquals(2, totals.byKey().size());
        SeriesTotals.Total a = totals.totals().stream().filter(t -> t.labelsJson().contains("\"a\"")).findFirst().orElseThrow();
        assertEquals(2.0, a.sum());
        assertEquals("{\"app_id\":\"a\",\"type\":\"tool\"}", a.labelsJson());
    }

    @Test
    void histogramBucketsAreUpperInclusive() {
        SeriesTotals.Total t = SeriesTotals.of(List.of(
                Measurement.of(Instrument.TOOL_DURATION, 0.0),
                Measurement.of(Instrument.TOOL_DURATION, 5.0),
                Measurement.of(Instrument.TOOL_DURATION, 5.1),
                Measurement.of(Instrument.TOOL_DURATION, 20000))).totals().iterator().next();
        long[] expected = new long[16];
        expected[0] = 1;
        expected[1] = 1;
        expected[2] = 1;
        expected[15] = 1;
        assertArrayEquals(expected, t.buckets());
        assertEquals(4, t.count());
        assertEquals(0.0, t.min());
        assertEquals(20000.0, t.max());
    }

    @Test
    void keysAreStableAndFixedLength() {
        String k1 = SeriesTotals.key("dify.requests.total", "{\"type\":\"tool\"}");
        assertEquals(k1, SeriesTotals.key("dify.requests.total", "{\"type\":\"tool\"}"));
        assertEquals(64, k1.length());
    }
}
