package org.tracerelay.export.enterprise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracerelay.domain.telemetry.MetricDelta;
import org.tracerelay.domain.telemetry.MetricSeries;

/** Labels taken from payloads cannot grow a tenant's series without bound; totals stay whole. */
class SeriesCapTest {

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** Series rows in a map, as the database holds them. */
    static final class Rows implements MetricDeltaFolder.SeriesRows {
        final Map<String, MetricSeries> byKey = new HashMap<>();

        @Override
        public MetricSeries locked(String key) {
            return byKey.get(key);
        }

        @Override
        public void create(MetricSeries series) {
            byKey.put(series.getSeriesKey(), series);
        }

        @Override
        public long countOfTenant(String tenantId) {
            return byKey.values().stream().filter(s -> s.getTenantId().equals(tenantId)).count();
        }

        List<MetricSeries> of(String tenant) {
            return byKey.values().stream().filter(s -> s.getTenantId().equals(tenant)).toList();
        }
    }

    /** One request of a tool with a payload-chosen name, as a producer could send endlessly. */
    static List<MetricDelta> requests(String tenant, String app, int distinctTools) {
        List<Measurement> m = new ArrayList<>();
        for (int i = 0; i < distinctTools; i++) {
            m.add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "tool", "tenant_id", tenant, "app_id", app,
                    "tool_name", "tool-" + i, "status", "succeeded"));
        }
        return MetricTally.deltas(m, T0);
    }

    @Test
    void pastTheCapNewLabelSetsAreCountedInTheTenantsOtherSeries() {
        Rows rows = new Rows();
        Map<String, Long> overflowed = MetricDeltaFolder.fold(requests("flood", "a1", 50), rows, 10, T0);
        Map<String, Long> calm = MetricDeltaFolder.fold(requests("calm", "a2", 5), rows, 10, T0);

        assertEquals(11, rows.of("flood").size(), "ten series and the _other one");
        assertEquals(Map.of("flood", 40L), overflowed, "forty deltas had no room");
        MetricSeries other = rows.of("flood").stream().filter(s -> s.getLabels().contains(SeriesCap.OTHER)).findFirst().orElseThrow();
        assertEquals("{\"app_id\":\"_other\",\"status\":\"_other\",\"tenant_id\":\"flood\",\"tool_name\":\"_other\",\"type\":\"tool\"}",
                other.getLabels());
        assertEquals(40.0, other.getTotal());
        assertEquals(50.0, rows.of("flood").stream().mapToDouble(MetricSeries::getTotal).sum(), "nothing is lost");
        assertEquals(5, rows.of("calm").size(), "another tenant is not touched by the flood");
        assertEquals(Map.of(), calm);

        // An existing series keeps counting past the cap; the _other series takes later newcomers.
        MetricDeltaFolder.fold(requests("flood", "a1", 60), rows, 10, T0);
        assertEquals(11, rows.of("flood").size());
        assertEquals(110.0, rows.of("flood").stream().mapToDouble(MetricSeries::getTotal).sum());
        assertEquals(90.0, other.getTotal());
    }

    @Test
    void theOtherLabelSetKeepsOnlyTenantAndType() {
        String labels = "{\"app_id\":\"a\",\"tenant_id\":\"t\",\"type\":\"message\"}";
        assertEquals("t", SeriesCap.tenantOf(labels));
        assertEquals("{\"app_id\":\"_other\",\"tenant_id\":\"t\",\"type\":\"message\"}", SeriesCap.otherOf(labels));
        assertFalse(SeriesCap.isOther(labels));
        assertTrue(SeriesCap.isOther(SeriesCap.otherOf(labels)));
        assertEquals("", SeriesCap.tenantOf("{\"app_id\":\"a\"}"));
    }
}
