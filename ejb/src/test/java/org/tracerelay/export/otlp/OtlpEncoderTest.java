package org.tracerelay.export.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.span.SeriesSnapshot;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TelemetryLog;

class OtlpEncoderTest {

    @Test
    void aSpanTwoTasksOfOneRequestBothCarryGoesOnce() {
        byte[] trace = new byte[16];
        byte[] root = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] child = {8, 7, 6, 5, 4, 3, 2, 1};
        SpanRecord first = new SpanRecord(trace, root, null, "message", 1, 2, Map.of("from", "message task"), null);
        SpanRecord again = new SpanRecord(trace, root, null, "message", 1, 2, Map.of("from", "workflow task"), null);
        SpanRecord below = new SpanRecord(trace, child, root, "LLM", 1, 2, Map.of(), null);
        var spans = OtlpEncoder.traces(Map.of(), List.of(first, below, again)).getResourceSpans(0).getScopeSpans(0).getSpansList();
        assertEquals(List.of("message", "LLM"), spans.stream().map(io.opentelemetry.proto.trace.v1.Span::getName).toList());
        assertEquals("message task", spans.get(0).getAttributes(0).getValue().getStringValue());
        byte[] otherTrace = new byte[16];
        otherTrace[0] = 1;
        SpanRecord sameIdOtherTrace = new SpanRecord(otherTrace, root, null, "message", 1, 2, Map.of(), null);
        assertEquals(3, OtlpEncoder.traces(Map.of(), List.of(first, below, sameIdOtherTrace)).getResourceSpans(0).getScopeSpans(0)
                .getSpansCount(), "a span id is its trace's");
    }

    @Test
    void logRecordKeepsNullAttributesAsEmptyValues() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("dify.event.name", "dify.message.run");
        attributes.put("dify.message.error", null);
        TelemetryLog log = new TelemetryLog("dify.message.run", "metric_only", new byte[16], new byte[8], 42L, attributes);
        ExportLogsServiceRequest r = OtlpEncoder.logs(Map.of("service.name", "dify"), "dify.enterprise", List.of(log), 43L);
        LogRecord record = r.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertEquals("telemetry.metric_only", record.getBody().getStringValue());
        assertEquals(2, record.getAttributesCount());
        assertEquals(AnyValue.ValueCase.VALUE_NOT_SET, record.getAttributes(1).getValue().getValueCase());
        assertEquals(42L, record.getTimeUnixNano());
    }

    @Test
    void countersAreCumulativeMonotonicIntegersAndHistogramsCarryTheirBounds() {
        SeriesSnapshot counter = new SeriesSnapshot("dify.requests.total", "{request}", "ops", false, true,
                Map.of("type", "tool"), 3.0, 3, new long[0], new double[0], null, null, 10L);
        SeriesSnapshot histogram = new SeriesSnapshot("dify.tool.duration", "s", "d", true, false,
                Map.of("tool_name", "w"), 1.5, 2, new long[] {0, 2, 0}, new double[] {0, 5}, 0.5, 1.0, 10L);
        ExportMetricsServiceRequest r = OtlpEncoder.metrics(Map.of(), "dify.enterprise", List.of(counter, histogram), 99L);
        Metric sum = r.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, sum.getSum().getAggregationTemporality());
        assertEquals(true, sum.getSum().getIsMonotonic());
        assertEquals(3L, sum.getSum().getDataPoints(0).getAsInt());
        assertEquals(10L, sum.getSum().getDataPoints(0).getStartTimeUnixNano());
        Metric h = r.getResourceMetrics(0).getScopeMetrics(0).getMetrics(1);
        assertEquals("s", h.getUnit());
        assertEquals(List.of(0L, 2L, 0L), h.getHistogram().getDataPoints(0).getBucketCountsList());
        assertEquals(List.of(0.0, 5.0), h.getHistogram().getDataPoints(0).getExplicitBoundsList());
        assertEquals(2L, h.getHistogram().getDataPoints(0).getCount());
    }
}
